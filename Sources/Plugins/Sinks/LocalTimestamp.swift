/// A wall-clock instant broken down in the machine's local time zone, to the microsecond.
///
/// It carries its second already written out (``LocalTimeConverter`` writes it once per second, not once per
/// instant): the sinks write several instants per task, nearly all within the second before, and a date's eleven
/// numbers cost more to write than to copy.
struct LocalTimestamp {
    /// The second as `2025-09-29 14:30:15`, its date in the first ``dateLength`` bytes (10 for a year of four digits),
    /// the byte after it, between the date and the time, each writer's own; then, after the time's 8 bytes, its offset
    /// from UTC as ISO 8601 writes it, `+02:00`, `-05:30`, 6 bytes.
    var text: SIMD32<UInt8>
    var dateLength: Int
    var microsecond: Int
}

extension RowBuffer {
    /// Appends `2025-09-29` + `separator` + `14:30:15`.
    mutating func append(_ time: LocalTimestamp, dateTimeSeparator separator: UInt8) {
        withUnsafeBytes(of: time.text) { text in
            append(bytes: UnsafeRawBufferPointer(rebasing: text[..<time.dateLength]))
            append(byte: separator)
            append(bytes: UnsafeRawBufferPointer(rebasing: text[(time.dateLength + 1)..<(time.dateLength + 9)]))
        }
    }

    /// Appends the fraction of the second, truncated to `digits` (1…6) digits, after `separator`.
    mutating func append(fractionOf time: LocalTimestamp, digits: Int, separator: UInt8) {
        var divisor = 1
        for _ in digits..<6 { divisor *= 10 }
        append(byte: separator)
        append(integer: time.microsecond / divisor, width: digits)
    }

    /// Appends the offset from UTC as ISO 8601 writes it: `+02:00`, `-05:30`.
    mutating func append(utcOffsetOf time: LocalTimestamp) {
        withUnsafeBytes(of: time.text) { text in
            append(bytes: UnsafeRawBufferPointer(rebasing: text[(time.dateLength + 9)..<(time.dateLength + 15)]))
        }
    }
}
