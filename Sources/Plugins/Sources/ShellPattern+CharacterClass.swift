extension ShellPattern {
    /// A character class of a bracket expression, `[[:alpha:]]`, taken over Unicode: `[[:alpha:]]` matches `é`, as in
    /// a UTF-8 locale. `digit` and `xdigit` stay ASCII, as POSIX defines them; the other decimal digits (`١`, `९`) are
    /// `alpha`, and so `alnum`, as glibc's UTF-8 locales have them (a shell's `[[:alnum:]]` matches them there).
    enum CharacterClass: String {
        case alnum, alpha, blank, cntrl, digit, graph, lower, print, punct, space, upper, xdigit

        /// Whether the character `value` is of the class; a byte of a name that is not UTF-8 is of none.
        func contains(_ value: UInt32) -> Bool {
            guard let scalar = Unicode.Scalar(value) else { return false }
            let properties = scalar.properties
            switch self {
            case .alnum: return properties.isAlphabetic || properties.generalCategory == .decimalNumber
            case .alpha: return Self.isAlphabetic(value, properties)
            case .blank: return value == 0x09 || properties.generalCategory == .spaceSeparator
            case .cntrl: return properties.generalCategory == .control
            case .digit: return Self.asciiDigits.contains(value)
            case .graph: return Self.isPrintable(properties) && !properties.isWhitespace
            case .lower: return properties.isLowercase
            case .print: return Self.isPrintable(properties)
            case .punct:
                switch properties.generalCategory {
                case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                    .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol,
                    .modifierSymbol, .otherSymbol:
                    return true
                default:
                    return false
                }
            case .space: return properties.isWhitespace
            case .upper: return properties.isUppercase
            case .xdigit:
                return Self.asciiDigits.contains(value) || (0x41...0x46).contains(value)
                    || (0x61...0x66).contains(value)
            }
        }

        /// `0`…`9`.
        private static let asciiDigits: ClosedRange<UInt32> = 0x30...0x39

        /// Whether the character `value`, with `properties`, is `alpha` as glibc's UTF-8 locales take it: Unicode's
        /// Alphabetic, and the decimal digits but `0`…`9` (POSIX keeps those alone in `digit`; glibc puts the others
        /// in `alpha`, for `alnum` to have them).
        private static func isAlphabetic(_ value: UInt32, _ properties: Unicode.Scalar.Properties) -> Bool {
            properties.isAlphabetic || (properties.generalCategory == .decimalNumber && !asciiDigits.contains(value))
        }

        /// Whether a character with `properties` is shown: neither a control, nor a format or surrogate code, nor
        /// unassigned.
        private static func isPrintable(_ properties: Unicode.Scalar.Properties) -> Bool {
            switch properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
                return false
            default:
                return true
            }
        }
    }
}
