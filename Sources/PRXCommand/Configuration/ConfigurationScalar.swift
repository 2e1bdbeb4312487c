import PRXPlugins

/// One value of a configuration file as read, before conversion: text, a number, or YAML's `null`, as PyYAML, and so
/// parallelr, reads it (``PyYAMLNumber``).
///
/// Conversion follows parallelr ("type mismatches are automatically converted if possible"): text is read as
/// Python's `int()` and `float()` read it (``PythonNumberText``): `"20"` is the whole number 20; a float with no
/// fraction is one too (`20.0`, as `int(20.0)` is), and one with a fraction is refused, where `int()` would drop it;
/// `"yes"` is true; a number given to a key of text is its decimal text (`8` for `010`), as for a `plugins:` setting.
enum ConfigurationScalar: Sendable, Hashable {
    /// Text: a quoted scalar, or a plain one that PyYAML reads as no number (`abc`, `1e3`, `0o10`).
    case text(String)
    /// A plain scalar that PyYAML reads as a number, with its text as written, which messages quote.
    case number(PyYAMLNumber, written: String)
    /// `null`, `~` or nothing.
    case null

    /// The value as a whole number: an integer, a float with no fraction, or text Python's `int()` reads (`" 20"`,
    /// `"1_000"`, not `"1e3"`); `nil` for other values, and for a whole number beyond `Int`'s range
    /// (``isWholeNumberBeyond64Bits``).
    var integer: Int? {
        switch self {
        case .number(.integer(let value), _):
            value
        case .number(.largeInteger, _):
            nil
        case .number(.float(let value), _):
            value.isFinite && value.rounded() == value ? Int(exactly: value) : nil
        case .text(let text):
            PythonNumberText.isBeyond64Bits(text) ? nil : PythonNumberText.integer(text)
        case .null:
            nil
        }
    }

    /// Whether the value is a whole number beyond `Int`'s range (`99999999999999999999`, `1.0e+30`,
    /// `"-99999999999999999999"`), which no key holds: Python's whole numbers have no bounds, and a key refuses such
    /// a one as out of its range, quoting it as written, unless a cap holds it (``wholeNumberAbove64Bits``).
    var isWholeNumberBeyond64Bits: Bool {
        switch self {
        case .number(.largeInteger, _): true
        case .number(.float(let value), _): value.isFinite && value.rounded() == value && Int(exactly: value) == nil
        case .text(let text): PythonNumberText.isBeyond64Bits(text)
        case .number(.integer, _), .null: false
        }
    }

    /// The value's text as written (without the whitespace around it) when it is a whole number above `Int`'s range
    /// (`99999999999999999999`, `1.0e+30`, `"99999999999999999999"`), which is above every `max_allowed_*` cap: a
    /// capped key holds it to its cap, as any value above it, quoting it so. `nil` for other values, a whole number
    /// below `Int`'s range among them, which is out of every key's range. One past a `Double`'s range too (310 digits
    /// and more, `0x` and 300 `F`s), which Python's `int()` reads and parallelr caps: taken by its sign alone, not by
    /// ``number``, which has no finite value for it and had a capped key refuse it as out of range.
    var wholeNumberAbove64Bits: String? {
        guard isWholeNumberBeyond64Bits, let text = writtenText else { return nil }
        let positive = switch self {
        case .number(let number, _): number.value > 0
        case .text(let text): PythonNumberText.integer(text) == Int.max
        case .null: false
        }
        return positive ? PythonNumberText.trimmed(text) : nil
    }

    /// The value as a finite number: a number, or text Python's `float()` reads (`"0.5"`, `"1e3"`).
    var number: Double? {
        let number: Double? = switch self {
        case .number(let number, _): number.value
        case .text(let text): PythonNumberText.decimal(text)
        case .null: nil
        }
        return number.flatMap { $0.isFinite ? $0 : nil }
    }

    /// The value's text as written, `nil` for `null`, which messages quote and a truth value is read from.
    var writtenText: String? {
        switch self {
        case .text(let text), .number(_, let text): text
        case .null: nil
        }
    }

    /// The value as a key of text takes it, `nil` for `null`: text as written, and a number in decimal, as a
    /// `plugins:` setting is given it (``PyYAMLNumber/settingText(written:)``: `8` for `010`), where PyYAML gives
    /// parallelr the number itself; a quoted `"010"` is text, kept as written.
    var settingText: String? {
        switch self {
        case .text(let text): text
        case .number(let number, let written): number.settingText(written: written)
        case .null: nil
        }
    }

    /// The value as a truth value: true/false, yes/no, on/off, 1/0, any case.
    var boolean: Bool? {
        guard let text = writtenText else { return nil }
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: return nil
        }
    }

    /// How a warning quotes the value: `'abc'` or `null`.
    var quotedForMessage: String {
        writtenText.map { "'\($0)'" } ?? "null"
    }

    /// `text` as a double-quoted YAML scalar that reads back as the same text: the C0 and C1 controls and DEL, which
    /// a YAML file may not hold as they are, and U+0085, U+2028 and U+2029, which a YAML reader takes for line breaks,
    /// are escaped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\u{2028}": result += "\\L"
            case "\u{2029}": result += "\\P"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    result += ControlCharacterEscaping.hexEscape(scalar)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
