/// Whitespace as parallelr (Python's `str.strip` and `str.isspace`) sees it: Unicode white space plus the four
/// ASCII information separators U+001C…U+001F.
enum PythonWhitespace {
    /// Whether `scalar` is whitespace.
    static func contains(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    /// Returns `text` without the whitespace at its start and end.
    static func trim<Scalars: BidirectionalCollection<Unicode.Scalar>>(_ text: Scalars) -> String {
        guard let first = text.firstIndex(where: { !contains($0) }),
            let last = text.lastIndex(where: { !contains($0) })
        else { return "" }
        var trimmed = String.UnicodeScalarView()
        trimmed.append(contentsOf: text[first...last])
        return String(trimmed)
    }
}
