/// Whitespace as parallelr (Python's `str.strip` and `str.isspace`) sees it: Unicode white space plus the four
/// ASCII information separators U+001C…U+001F.
public enum PythonWhitespace {
    /// Whether `scalar` is whitespace.
    public static func contains(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isASCIIWhitespace(UInt8(scalar.value)) }
        return scalar.properties.isWhitespace
    }

    /// Whether `byte`, an ASCII character, is whitespace: the answer without the Unicode property tables (tab, line
    /// feed, vertical tab, form feed, carriage return, the four separators and space).
    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte) || (0x1C...0x1F).contains(byte)
    }

    /// Returns `text` without the whitespace at its start and end: a copy of the bytes between, not a rebuild
    /// scalar by scalar (an arguments file's every line comes through here).
    public static func trim(_ text: Substring.UnicodeScalarView) -> String {
        // Most lines begin and end in ASCII, whose ends are found in the bytes, decoding no scalar; where a byte of a
        // longer scalar, which may be whitespace, ends the search, they are found scalar by scalar.
        let trimmedInBytes = Substring(text).utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard let first = bytes.firstIndex(where: { !isASCIIWhitespace($0) }), bytes[first] < 0x80,
                let last = bytes.lastIndex(where: { !isASCIIWhitespace($0) }), bytes[last] < 0x80
            else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[first...last]), as: UTF8.self)
        }
        if let trimmed = trimmedInBytes ?? nil { return trimmed }
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
