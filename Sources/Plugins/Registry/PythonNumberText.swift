/// Reads a number as parallelr reads it, with Python's `int()` or `float()`: whitespace around it (`' 5'`), an
/// underscore between two digits (`1_000`) and any Unicode decimal digit (`５`) are taken, as Python takes them;
/// hexadecimal, which Swift's `Double(_:)` takes (`0x10`, `0x1p5`), is not, as Python refuses it. prx's number flags,
/// configuration keys and plugin settings are all read this way.
public enum PythonNumberText {
    /// The whole number `text` writes, as `int()` reads it; a number beyond 64 bits is the largest (or smallest)
    /// one, which every range refuses. `nil` for text that is no whole number.
    public static func integer(_ text: String) -> Int? {
        guard let plain = plain(text) else { return nil }
        if let value = Int(plain) { return value }
        let digits = plain.first == "+" || plain.first == "-" ? plain.dropFirst() : plain[...]
        guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return plain.hasPrefix("-") ? Int.min : Int.max
    }

    /// Whether `text` is a whole number as `int()` reads it beyond 64 bits, which ``integer(_:)`` gives as the largest
    /// (or smallest) one.
    public static func isBeyond64Bits(_ text: String) -> Bool {
        guard let plain = plain(text) else { return false }
        return Int(plain) == nil && integer(text) != nil
    }

    /// The number `text` writes in decimal (digits, a point, an exponent, `inf`, `nan`), as `float()` reads it; `nil`
    /// for other text.
    public static func decimal(_ text: String) -> Double? {
        guard let plain = plain(text), !plain.contains(where: { "xXpP".contains($0) }) else { return nil }
        return Double(plain)
    }

    /// `text` as a range's refusal quotes it: without the whitespace around it, as it was read.
    public static func trimmed(_ text: String) -> String {
        PythonWhitespace.trim(text.unicodeScalars)
    }

    /// `text` without the whitespace around it, its decimal digits in ASCII and its underscores between digits
    /// dropped; `nil` when an underscore stands elsewhere, which Python refuses.
    private static func plain(_ text: String) -> String? {
        let scalars = Array(PythonWhitespace.trim(text.unicodeScalars).unicodeScalars)
        var plain = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == "_" {
                guard index > 0, index + 1 < scalars.count, isDigit(scalars[index - 1]), isDigit(scalars[index + 1])
                else { return nil }
                continue
            }
            if isDigit(scalar), let value = scalar.properties.numericValue {
                plain.append(Unicode.Scalar(UInt8(ascii: "0") + UInt8(value)))
            } else {
                plain.append(scalar)
            }
        }
        return String(plain)
    }

    /// Whether `scalar` is a decimal digit of any script (`5`, `٥`, `５`), as Python's `str.isdecimal` has it.
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.numericType == .decimal
    }
}
