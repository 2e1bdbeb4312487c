import ArgumentParser
import PRXPlugins

/// A flag's number read as parallelr reads it (``PythonNumberText``), with Python's `int()` (`-m`, `-t`) or `float()`
/// (`-s`); prx's own number flags are read the same way, so that every number flag is refused with one line naming it.
extension PythonNumberText {
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

    /// The refusal of `text`, which is not `kind`, for `flag`; in place of swift-argument-parser's "The value 'x' is
    /// invalid for '-m <n>'", which named no long flag and was not written as prx writes its errors.
    private static func refusal(_ text: String, of flag: String, as kind: String) -> ValidationError {
        ValidationError("\(flag) takes \(kind) (got '\(text)')")
    }
}
