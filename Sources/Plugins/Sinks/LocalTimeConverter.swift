#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Breaks dates down into local time with `localtime_r`, remembering the last whole second, written out, so that the
/// many rows written within one second cost one conversion and one formatting of its date and time.
public struct LocalTimeConverter {
    private var cachedSecond = Int.min
    private var cached = tm()
    private var cachedText = SIMD32<UInt8>()
    private var cachedDateLength = 0

    /// Breaks `date` down into local time.
    ///
    /// The corresponding C function is `localtime_r`.
    mutating func convert(_ date: Date) -> LocalTimestamp {
        let interval = date.timeIntervalSince1970
        let whole = interval.rounded(.down)
        let second = Int(whole)
        if second != cachedSecond {
            var time = time_t(second)
            localtime_r(&time, &cached)
            (cachedText, cachedDateLength) = Self.text(of: cached)
            cachedSecond = second
        }
        return LocalTimestamp(
            text: cachedText, dateLength: cachedDateLength,
            microsecond: min(Int((interval - whole) * 1_000_000), 999_999))
    }

    /// The second `broken` holds as ``LocalTimestamp/text`` keeps it, `2025-09-29 14:30:15+02:00`, and the length of
    /// its date (``LocalTimestamp/dateLength``): 10 but for a year not of four digits.
    private static func text(of broken: tm) -> (SIMD32<UInt8>, dateLength: Int) {
        var row = RowBuffer(capacity: 32)
        row.append(integer: Int(broken.tm_year) + 1900, width: 4)
        row.append(byte: UInt8(ascii: "-"))
        row.append(integer: Int(broken.tm_mon) + 1, width: 2)
        row.append(byte: UInt8(ascii: "-"))
        row.append(integer: Int(broken.tm_mday), width: 2)
        let dateLength = row.count
        row.append(byte: UInt8(ascii: " "))
        row.append(integer: Int(broken.tm_hour), width: 2)
        row.append(byte: UInt8(ascii: ":"))
        row.append(integer: Int(broken.tm_min), width: 2)
        row.append(byte: UInt8(ascii: ":"))
        row.append(integer: Int(broken.tm_sec), width: 2)
        let utcOffset = Int(broken.tm_gmtoff)
        let minutes = abs(utcOffset) / 60
        row.append(byte: utcOffset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        row.append(integer: minutes / 60, width: 2)
        row.append(byte: UInt8(ascii: ":"))
        row.append(integer: minutes % 60, width: 2)
        var text = SIMD32<UInt8>()
        row.withBytes { bytes in
            for index in 0..<min(bytes.count, text.scalarCount) { text[index] = bytes[index] }
        }
        return (text, dateLength)
    }

    /// Formats `date` in local time (in UTC with `inUTC`) with a `strftime` format, e.g. `%d%b%y_%H%M%S` →
    /// `29Sep25_215848`. As in Python, whose formats parallelr's users write, `%f` is the microseconds, six digits.
    ///
    /// Returns the empty string when the result is empty or longer than 64 KiB, and for a date the C library cannot
    /// break down: past `time_t` (2^63 seconds from 1970), whose conversion trapped, or in a year past `int`, for which
    /// `localtime_r` fails. Such a date comes only from a file (a run registry entry's start, `1e19`), and a trap there
    /// took `--list-workers` down for every run.
    /// The corresponding C functions are `localtime_r`, `gmtime_r` and `strftime`.
    public static func format(_ date: Date, strftime format: String, inUTC: Bool = false) -> String {
        let whole = date.timeIntervalSince1970.rounded(.down)
        guard var time = time_t(exactly: whole) else { return "" }
        let microseconds = min(Int((date.timeIntervalSince1970 - whole) * 1_000_000), 999_999)
        var broken = tm()
        let converted = inUTC ? gmtime_r(&time, &broken) : localtime_r(&time, &broken)
        guard converted != nil else { return "" }
        return formatted(broken, strftime: expandingMicroseconds(in: format, to: microseconds))
    }

    /// The longest text `format` makes on any day, in local time: a name of the weekday (`%A`) or of the month
    /// (`%B`), a number without its padding (`%-d`) or the time zone's name (`%Z`, which summer time may change)
    /// is longer on some days than on others, and a file name made on a short day may not fit on a long one.
    ///
    /// The longest of what it makes at 11:59:59 and 23:59:59 on the 22nd to the 28th of each month of a year (every
    /// weekday of every month, each number at its widest: two-digit days, hours, minutes and seconds, three-digit
    /// days of the year, two-digit weeks), in the names of the C library's locale; the same on every day.
    /// The corresponding C functions are `timegm`, `localtime_r` and `strftime`.
    public static func longestFormat(strftime format: String) -> String {
        let format = expandingMicroseconds(in: format, to: 999_999)
        var longest = ""
        for month in 0..<12 {
            for day in 22...28 {
                for hour in [11, 23] {
                    var clock = tm()
                    (clock.tm_year, clock.tm_mon, clock.tm_mday) = (2030 - 1900, Int32(month), Int32(day))
                    (clock.tm_hour, clock.tm_min, clock.tm_sec) = (Int32(hour), 59, 59)
                    let text = formatted(localTime(readingClock: clock), strftime: format)
                    if text.utf8.count > longest.utf8.count { longest = text }
                }
            }
        }
        return longest
    }

    /// The local time the clock on the wall reads as `clock` (its date and time), with the weekday, the day of the
    /// year and the time zone the format may name filled in, as `mktime` fills them in; where the clocks go back and
    /// show it twice, the first.
    ///
    /// `mktime` reads the time zone again at each call, a `stat` of `/etc/localtime` when `TZ` is not set (168 for
    /// ``longestFormat(strftime:)``); `localtime_r` reads it once a process, and `timegm` not at all.
    /// The corresponding C functions are `timegm` and `localtime_r`.
    private static func localTime(readingClock clock: tm) -> tm {
        var clock = clock
        let clockAsUTC = timegm(&clock)
        // The offset from UTC a day before, then the one in effect at the time that gives, which is the clock's
        // own; starting from the day before finds the first of two times where the clocks go back, as `mktime` does.
        var time = clockAsUTC - 86_400
        var broken = tm()
        for _ in 0..<2 {
            localtime_r(&time, &broken)
            time = clockAsUTC - time_t(broken.tm_gmtoff)
        }
        localtime_r(&time, &broken)
        return broken
    }

    /// `broken` formatted with a `strftime` format (its `%f` expanded already).
    /// The corresponding C function is `strftime`.
    private static func formatted(_ broken: tm, strftime format: String) -> String {
        var broken = broken
        // strftime answers 0 both for an empty result and for one the buffer cannot hold: a longer result (a file
        // name part too long to use, which the caller must be able to tell from an empty one) gets a larger buffer.
        var buffer = [CChar](repeating: 0, count: 256)
        var count = strftime(&buffer, buffer.count, format, &broken)
        while count == 0 && !format.isEmpty && buffer.count < 65_536 {
            buffer = [CChar](repeating: 0, count: buffer.count * 4)
            count = strftime(&buffer, buffer.count, format, &broken)
        }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `format` with each `%f` (not `%%f`) replaced by `microseconds` in six digits, which C's `strftime` lacks.
    private static func expandingMicroseconds(in format: String, to microseconds: Int) -> String {
        guard format.contains("%f") else { return format }
        let digits = String(microseconds)
        let field = String(repeating: "0", count: 6 - digits.count) + digits
        var result = ""
        var afterPercent = false
        for character in format {
            if afterPercent && character == "f" {
                result.removeLast()
                result += field
            } else {
                result.append(character)
            }
            afterPercent = !afterPercent && character == "%"
        }
        return result
    }
}
