import Foundation
import PRXPlugins
import PRXTesting
import Testing

@Suite struct RunLogFilesTests {
    @Test func namesTheFilesAsParallelrDoes() throws {
        let files = try RunLogFiles(directory: "/var/log/prx", processID: 3916638, startTime: Fixtures.start)
        #expect(files.timestamp == "29Sep25_143015")
        #expect(files.mainLog == "/var/log/prx/parallelr_3916638_29Sep25_143015.log")
        #expect(files.summaryCSV == "/var/log/prx/parallelr_3916638_29Sep25_143015_summary.csv")
        #expect(files.taskOutput == "/var/log/prx/parallelr_3916638_29Sep25_143015_output.txt")
    }

    @Test func usesTheCustomDateFormat() throws {
        let files = try RunLogFiles(
            directory: "logs/", processID: 1, startTime: Fixtures.start, dateFormat: "%Y%m%d-%H%M")
        #expect(files.mainLog == "logs/parallelr_1_20250929-1430.log")
    }

    /// Python's `%f` (microseconds), which C's `strftime` leaves as it is; `%%f` stays a literal `%f`.
    @Test func writesMicrosecondsForPythonsPercentF() throws {
        let files = try RunLogFiles(
            directory: "logs", processID: 1, startTime: Fixtures.start, dateFormat: "%H%M%S.%f_%%f")
        #expect(files.timestamp == "143015.123456_%f")
    }

    @Test(arguments: ["", "%Y/%m"])
    func rejectsAFormatThatMakesNoFileName(format: String) {
        #expect(throws: RunLogFiles.DateFormatError(format: format)) {
            try RunLogFiles(directory: "/tmp", dateFormat: format)
        }
    }

    /// The whole name counts, `parallelr_{PID}_` and `_summary.csv` too: a 235-byte timestamp passed, and every run
    /// then failed to open its summary ("File name too long"); a timestamp over 255 bytes (70 × `%Y`) was said to
    /// make no file name part.
    @Test(arguments: [
        (String(repeating: "x", count: 231), nil),
        (String(repeating: "x", count: 232), 256),
        (String(repeating: "x", count: 235), 259),
        (String(repeating: "%Y", count: 70), 304),
    ] as [(String, Int?)])
    func rejectsAFormatThatMakesANameTooLong(format: String, bytes: Int?) throws {
        let made = { try RunLogFiles(directory: "/tmp", processID: 1, startTime: Fixtures.start, dateFormat: format) }
        guard let bytes else {
            #expect(try made().summaryCSV.utf8.count == "/tmp/".utf8.count + 255)
            return
        }
        let error = #expect(throws: RunLogFiles.DateFormatError(format: format, reason: .tooLong(bytes: bytes))) {
            try made()
        }
        #expect(error?.description.hasSuffix(
            " is too long: it makes log file names of up to \(bytes) bytes (parallelr_PID_TIMESTAMP_summary.csv), "
                + "over the 255 a file name can have") == true)
    }

    /// A weekday's or month's name makes names longer on some days: a format was checked with the start's, so
    /// that one refused on a Wednesday in September was taken on a Friday in May. It is held to the longest, in the
    /// C library's locale (Wednesday, September), on every day; a number's padding (`%-d`) the same.
    @Test(arguments: [
        (String(repeating: "x", count: 223) + "%A", 256),
        (String(repeating: "x", count: 223) + "%B", 256),
        (String(repeating: "x", count: 228) + "%-d%-m", 256),
        (String(repeating: "x", count: 222) + "%A", nil),
        (String(repeating: "x", count: 222) + "%B", nil),
    ] as [(String, Int?)])
    func holdsADateFormatToItsLongestDay(format: String, bytes: Int?) throws {
        let fridayInMay = Fixtures.localDate(2025, 5, 2, 9, 5, 1)
        let made = { try RunLogFiles(directory: "/tmp", processID: 1, startTime: fridayInMay, dateFormat: format) }
        guard let bytes else {
            #expect(try made().summaryCSV.utf8.count < "/tmp/".utf8.count + 255)
            return
        }
        #expect(throws: RunLogFiles.DateFormatError(format: format, reason: .tooLong(bytes: bytes))) { try made() }
    }
}
