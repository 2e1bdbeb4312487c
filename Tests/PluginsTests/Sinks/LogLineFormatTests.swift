import Foundation
import PRXPlugins
import PRXTesting
import Testing

/// parallelr's `logging.file_format`: a Python logging format string, read once, laying out every line of the log.
@Suite struct LogLineFormatTests {
    /// The lines `format` gives for an INFO line of the run and a WARNING line of worker 3, from a log of PID 42.
    private static func lines(_ format: String) throws -> [String] {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try RunLog(
            path: directory.file("run.log"), processID: 42, format: try LogLineFormat(parsing: format))
        try log.log(.info, "started")
        try log.log(.warning, "slow", worker: 3)
        return try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// parallelr's format, read from its text, lays lines out exactly as prx's built-in layout does.
    @Test func parallelrsFormatIsPRXsLayout() throws {
        let lines = try Self.lines(LogLineFormat.parallelrFormat)
        #expect(lines.count == 2)
        #expect(lines[0].wholeMatch(of: RunLogTests.linePattern)?.output.5 == "started")
        #expect(lines[1].hasSuffix(" - P42 - WARNING - [ThreadPoolExecutor-0_2] - slow"))
    }

    /// Python's `%` conversions: alignment, zero padding, widths, precision, `%%`, numbers and text; an empty format
    /// is `%(message)s`, as Python's `Formatter` takes it (prx wrote empty lines).
    @Test(arguments: [
        ("%(levelname)-8s|%(message)s", ["INFO    |started", "WARNING |slow"]),
        ("%(levelno)03d %(process)d %(name)s %(processName)s", ["020 42 P42 MainProcess", "030 42 P42 MainProcess"]),
        ("[%(threadName)8s] %(message).3s 100%%", ["[MainThread] sta 100%", "[ThreadPoolExecutor-0_2] slo 100%"]),
        ("%(levelno)s %(levelno)5.1f %(levelno)04s", ["20  20.0   20", "30  30.0   30"]),
        ("", ["started", "slow"]),
    ])
    func pythonsConversionsAreHonoured(format: String, expected: [String]) throws {
        #expect(try Self.lines(format) == expected)
    }

    /// The time fields: `asctime` as Python's default, `msecs` as its milliseconds, `created` as seconds since 1970.
    @Test func timeFieldsAgreeWithEachOther() throws {
        let before = Date().timeIntervalSince1970
        let line = try #require(try Self.lines("%(asctime)s|%(msecs)03d|%(created)f").first)
        let parts = line.split(separator: "|")
        #expect(parts.count == 3)
        #expect(parts[0].wholeMatch(of: #/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},(\d{3})/#)?.output.1 == parts[1])
        let created = try #require(Double(parts[2]))
        #expect(created >= before.rounded(.down) && created < before + 60)
        #expect(parts[2].split(separator: ".").last?.count == 6)
    }

    /// A format prx cannot write is refused when read, naming what is wrong: a source position it does not have, a
    /// stray `%`, a conversion Python has and prx does not, a number conversion of text.
    @Test(arguments: [
        ("%(lineno)d %(message)s", "unknown attribute %(lineno)"),
        ("50% done: %(message)s", "a % must start a %(attribute)s field or be written %% (at '% done: %(message)s')"),
        ("%(message)r", "%(message) needs a conversion s, d, i or f"),
        ("%(levelname)d", "%(levelname) is text: write it with s"),
        ("%(message", "a % must start a %(attribute)s field"),
    ])
    func aFormatPRXCannotWriteIsRefused(format: String, problem: String) {
        #expect {
            _ = try LogLineFormat(parsing: format)
        } throws: { error in
            "\(error)".hasPrefix(problem)
        }
    }
}
