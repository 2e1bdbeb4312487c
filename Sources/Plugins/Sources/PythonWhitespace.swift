/// Whitespace as parallelr (Python's `str.strip` and `str.isspace`) sees it: Unicode white space plus the four
/// ASCII information separators U+001C…U+001F.
public enum PythonWhitespace {
    /// Whether `scalar` is whitespace.
    public static func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            // The ASCII answer without the Unicode property tables: tab, line feed, vertical tab, form feed,
            // carriage return, the four separators and space.
            return value == 0x20 || (0x09...0x0D).contains(value) || (0x1C...0x1F).contains(value)
        }
        return scalar.properties.isWhitespace
    }

    /// Returns `text` without the whitespace at its start and end: a copy of the bytes between, not a rebuild
    /// scalar by scalar (an arguments file's every line comes through here).
    public static func trim(_ text: Substring.UnicodeScalarView) -> String {
        guard let first = text.firstIndex(where: { !contains($0) }),
            let last = text.lastIndex(where: { !contains($0) })
        else { return "" }
        return String(Substring(text[first...last]))
    }

    /// Returns `text` without the whitespace at its start and end.
    public static func trim(_ text: String.UnicodeScalarView) -> String {
        trim(text[...])
    }
}
