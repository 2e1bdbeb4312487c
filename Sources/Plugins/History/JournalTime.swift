/// The instants a history names, read back without a date formatter: a journal's times, which are local times to
/// the microsecond with their offset from UTC (`2026-11-25T14:30:15.123456+09:00`, as ``LocalTimestamp`` lines
/// write them), and the start a run's id names (`20261125-143015-12345`, in UTC).
package enum JournalTime {
    /// The journal time `text` in microseconds since 1970 (UTC); `nil` when it is not of that form. The fraction of
    /// the second may have any number of digits or none, and the offset may be `Z`.
    package static func microseconds(ofJournalTime text: some StringProtocol) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let day = number(bytes, 8, 2),
            let hour = number(bytes, 11, 2), let minute = number(bytes, 14, 2), let second = number(bytes, 17, 2),
            let local = microseconds(year, month, day, hour, minute, second)
        else { return nil }
        var position = 19
        var fraction = 0
        if bytes[position] == UInt8(ascii: ".") {
            position += 1
            var scale = 100_000
            while position < bytes.count, let digit = number(bytes, position, 1) {
                fraction += digit * scale
                scale /= 10
                position += 1
            }
        }
        guard let offset = offsetSeconds(bytes[position...]) else { return nil }
        return local + fraction - offset * 1_000_000
    }

    /// The start the run id `runID` names (`20261125-143015-…`), read as UTC, in microseconds since 1970; `nil`
    /// when the id does not begin with a date and time.
    static func microseconds(ofRunID runID: String) -> Int? {
        let bytes = Array(runID.utf8)
        guard bytes.count >= 15, bytes[8] == UInt8(ascii: "-"), let year = number(bytes, 0, 4),
            let month = number(bytes, 4, 2), let day = number(bytes, 6, 2), let hour = number(bytes, 9, 2),
            let minute = number(bytes, 11, 2), let second = number(bytes, 13, 2)
        else { return nil }
        return microseconds(year, month, day, hour, minute, second)
    }

    /// The offset from UTC that ends a journal time, in seconds: `Z`, `+09:00`, `-0530`; `nil` for anything else.
    private static func offsetSeconds(_ bytes: ArraySlice<UInt8>) -> Int? {
        let text = Array(bytes)
        if text == [UInt8(ascii: "Z")] { return 0 }
        guard text.count == 6 || text.count == 5, text[0] == UInt8(ascii: "+") || text[0] == UInt8(ascii: "-"),
            let hours = number(text, 1, 2), let minutes = number(text, text.count - 2, 2),
            text.count == 5 || text[3] == UInt8(ascii: ":"), hours < 24, minutes < 60
        else { return nil }
        return (text[0] == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    /// The date and time of day, taken as UTC, in microseconds since 1970; `nil` when a field is out of its range.
    /// Days are counted in the proleptic Gregorian calendar with years that start in March, so that a leap day ends
    /// its year (Howard Hinnant's `days_from_civil`).
    private static func microseconds(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int)
        -> Int?
    {
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60 else {
            return nil
        }
        let marchYear = month <= 2 ? year - 1 : year
        let era = marchYear / 400
        let yearOfEra = marchYear - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return ((days * 24 + hour) * 60 + minute) * 60_000_000 + second * 1_000_000
    }

    /// The decimal number in `count` digits at `start` of `bytes`; `nil` when one of them is not a digit.
    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<(start + count)] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
