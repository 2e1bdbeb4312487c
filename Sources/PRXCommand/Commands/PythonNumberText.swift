import ArgumentParser
import PRXPlugins

/// Reads a flag's number as parallelr reads it, with Python's `int()` (`-m`, `-t`) or `float()` (`-s`): whitespace
/// around it (`' 5'`), an underscore between two digits (`1_000`) and any Unicode decimal digit (`５`) are taken, as
/// Python takes them; hexadecimal, which Swift's `Double(_:)` takes (`0x10`, `0x1p5`), is not, as Python refuses it.
/// prx's own number flags are read the same way, so that every number flag is refused with one line naming it.
enum PythonNumberText {
    /// The whole number `text` writes, as `int()` reads it; a number beyond 64 bits is the largest (or smallest)
    /// one, which every range refuses. `nil` for text that is no whole number.
    static func integer(_ text: String) -> Int? {
        guard let plain = plain(text) else { return nil }
        if let value = Int(plain) { return value }
        let digits = plain.first == "+" || plain.first == "-" ? plain.dropFirst() : plain[...]
        guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return plain.hasPrefix("-") ? Int.min : Int.max
    }

    /// Whether `text` is a whole number as `int()` reads it beyond 64 bits, which ``integer(_:)`` gives as the largest
    /// (or smallest) one.
    static func isBeyond64Bits(_ text: String) -> Bool {
        guard let plain = plain(text) else { return false }
        return Int(plain) == nil && integer(text) != nil
    }

    /// The number `text` writes in decimal (digits, a point, an exponent, `inf`, `nan`), as `float()` reads it; `nil`
    /// for other text.
    static func decimal(_ text: String) -> Double? {
        guard let plain = plain(text), !plain.contains(where: { "xXpP".contains($0) }) else { return nil }
        return Double(plain)
    }

    /// The whole number `text`, the value given to `flag`, writes (``integer(_:)``); `nil` when the flag was not given.
    ///
    /// - Throws: `ValidationError`, prx's one line naming the flag: `-m/--max takes a whole number (got 'x')`.
    static func wholeNumber(_ text: String?, of flag: String) throws -> Int? {
        try text.map { text in
            guard let value = integer(text) else { throw refusal(text, of: flag, as: "a whole number") }
            return value
        }
    }

    /// Refuses `text`, the value given to `flag`, when it is no whole number (``wholeNumber(_:of:)``) or one outside
    /// `range`, which counts `unit` (` seconds`); nothing when the flag was not given.
    ///
    /// - Throws: `ValidationError`, prx's one line naming the flag: `-m/--max must be between 1 and 100 (got 0)`.
    static func checkWholeNumber(
        _ text: String?, of flag: String, within range: ClosedRange<Int>, unit: String = ""
    ) throws {
        guard let text, let value = try wholeNumber(text, of: flag), !range.contains(value) else { return }
        throw ValidationError(
            "\(flag) must be between \(range.lowerBound) and \(range.upperBound)\(unit) (got \(trimmed(text)))")
    }

    /// The number `text`, the value given to `flag`, writes (``decimal(_:)``); `nil` when the flag was not given.
    ///
    /// - Throws: `ValidationError`, prx's one line naming the flag: `-s/--sleep takes a decimal number (got '0x10')`.
    static func decimalNumber(_ text: String?, of flag: String) throws -> Double? {
        try text.map { text in
            guard let value = decimal(text) else { throw refusal(text, of: flag, as: "a decimal number") }
            return value
        }
    }

    /// `text` as a range's refusal quotes it: without the whitespace around it, as it was read.
    static func trimmed(_ text: String) -> String {
        PythonWhitespace.trim(text.unicodeScalars)
    }

    /// The refusal of `text`, which is not `kind`, for `flag`; in place of swift-argument-parser's "The value 'x' is
    /// invalid for '-m <n>'", which named no long flag and was not written as prx writes its errors.
    private static func refusal(_ text: String, of flag: String, as kind: String) -> ValidationError {
        ValidationError("\(flag) takes \(kind) (got '\(text)')")
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
