/// A wall-clock instant broken down in the machine's local time zone, to the microsecond.
struct LocalTimestamp {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    var microsecond: Int
    /// Seconds east of UTC.
    var utcOffset: Int
}

extension RowBuffer {
    /// Appends `2025-09-29` + `separator` + `14:30:15`.
    mutating func append(_ time: LocalTimestamp, dateTimeSeparator separator: UInt8) {
        append(integer: time.year, width: 4)
        append(byte: UInt8(ascii: "-"))
        append(integer: time.month, width: 2)
        append(byte: UInt8(ascii: "-"))
        append(integer: time.day, width: 2)
        append(byte: separator)
        append(integer: time.hour, width: 2)
        append(byte: UInt8(ascii: ":"))
        append(integer: time.minute, width: 2)
        append(byte: UInt8(ascii: ":"))
        append(integer: time.second, width: 2)
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
        let minutes = abs(time.utcOffset) / 60
        append(byte: time.utcOffset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        append(integer: minutes / 60, width: 2)
        append(byte: UInt8(ascii: ":"))
        append(integer: minutes % 60, width: 2)
    }
}
