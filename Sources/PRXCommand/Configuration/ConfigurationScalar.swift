import PRXPlugins

/// One value of a configuration file as read, before conversion: text, or YAML's `null`.
///
/// Conversion follows parallelr ("type mismatches are automatically converted if possible"): `"20"` is the
/// whole number 20, `20.0` is 20 too, `"yes"` is true.
enum ConfigurationScalar: Sendable, Hashable {
    /// A scalar's text, quoted or not.
    case text(String)
    /// `null`, `~` or nothing.
    case null

    /// The value as a whole number: integer text, or a number with no fraction; one beyond `Int`'s range is its
    /// nearest end, as Python's whole numbers have no bounds and a cap or range check then judges it.
    var integer: Int? {
        guard case .text(let text) = self else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let whole = Int(trimmed) { return whole }
        guard let number = Double(trimmed), number.isFinite, number.rounded() == number else { return nil }
        return Int(exactly: number) ?? (number < 0 ? .min : .max)
    }

    /// The value as a finite number.
    var number: Double? {
        guard case .text(let text) = self, let number = Double(text.trimmingCharacters(in: .whitespaces)),
            number.isFinite
        else { return nil }
        return number
    }

    /// The value as a truth value: true/false, yes/no, on/off, 1/0, any case.
    var boolean: Bool? {
        guard case .text(let text) = self else { return nil }
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: return nil
        }
    }

    /// How a warning quotes the value: `'abc'` or `null`.
    var quotedForMessage: String {
        switch self {
        case .text(let text): "'\(text)'"
        case .null: "null"
        }
    }

    /// `text` as a double-quoted YAML scalar.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 {
                    result += ControlCharacterEscaping.hexEscape(scalar)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
