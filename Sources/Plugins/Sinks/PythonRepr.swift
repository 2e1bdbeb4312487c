/// Python's `repr()` and `ascii()` of a string, as a logging format's `%(attribute)r` and `%(attribute)a` write it:
/// `'text'` in single quotes (double quotes when the text holds a `'` and no `"`), with `\\`, the quote, `\t`, `\n`
/// and `\r` escaped, the other characters Python does not print as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
enum PythonRepr {
    /// `repr(text)`: characters Python counts as printable are written as they are, non-ASCII ones too.
    static func repr(_ text: String) -> String {
        quoted(text, escapingNonASCII: false)
    }

    /// `ascii(text)`: as ``repr(_:)``, with every non-ASCII character escaped too.
    static func ascii(_ text: String) -> String {
        quoted(text, escapingNonASCII: true)
    }

    private static func quoted(_ text: String, escapingNonASCII: Bool) -> String {
        let quote: Unicode.Scalar = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var result = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case quote, "\\": result += "\\" + String(scalar)
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case " "..."~": result.unicodeScalars.append(scalar)
            case _ where !scalar.isASCII && !escapingNonASCII && isPrintable(scalar):
                result.unicodeScalars.append(scalar)
            default: result += escape(scalar)
            }
        }
        result.unicodeScalars.append(quote)
        return result
    }

    /// `\xNN`, `\uNNNN` or `\UNNNNNNNN`, the shortest that holds the code point, in lowercase hex as Python writes it.
    private static func escape(_ scalar: Unicode.Scalar) -> String {
        let (prefix, digits) = scalar.value < 0x100 ? ("\\x", 2) : scalar.value < 0x1_0000 ? ("\\u", 4) : ("\\U", 8)
        let hex = String(scalar.value, radix: 16)
        return prefix + String(repeating: "0", count: digits - hex.count) + hex
    }

    /// Python's `str.isprintable` of one non-ASCII character: not a control, format, surrogate, private-use or
    /// unassigned character, nor a separator.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
            .spaceSeparator:
            false
        default:
            true
        }
    }
}
