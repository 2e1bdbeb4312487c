import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Testing

/// A retried task's final row in parallelr's files says how many attempts ran; a task that ran once reads as
/// parallelr wrote it.
@Suite struct RetriedTaskRowsTests {
    static func retried(message: String? = nil) -> TaskResult {
        var result = Fixtures.failure(1, label: "flaky", code: 75, message: message)
        result.attempts = 3
        return result
    }

    @Test(arguments: [
        (nil, 1, ""), (nil, 3, "after 3 attempts"), ("exit status 75", 3, "exit status 75; after 3 attempts"),
    ] as [(String?, Int, String)])
    func theSummaryCSVAddsTheAttemptsToTheErrorMessage(message: String?, attempts: Int, expected: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("summary.csv")
        var sink = try SummaryCSVSink(path: path, processID: 7)
        var result = Self.retried(message: message)
        result.attempts = attempts
        try sink.receive(.taskFinished(result))
        try sink.flush()
        let row = try #require(csvRecords(String(contentsOfFile: path, encoding: .utf8)).last)
        #expect(row.count == 12)
        #expect(row[11] == expected)
    }

    @Test func theLogSaysSoOnTheFinalLineOnly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try RunLog(path: directory.file("run.log"), processID: 1, minimumLevel: .info)
        var sink = LogSink(log: log)
        var first = Self.retried()
        first.attempts = 1
        var succeeded = Fixtures.success(2, label: "eventually")
        succeeded.attempts = 2
        for event: RunEvent in [.attemptFailed(first), .taskFinished(Self.retried()), .taskFinished(succeeded)] {
            try sink.receive(event)
        }
        try sink.flush()
        let messages = try lines(of: log.path).map { $0.components(separatedBy: " - ")[4...].joined(separator: " - ") }
        #expect(messages == [
            "Task attempt 1 failed: flaky - Exit code 75; retrying",
            "Task failed: flaky after 3 attempts - Exit code 75",
            "Task completed: eventually after 2 attempts",
        ])
    }

    @Test func theOutputFileHasAnAttemptsLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("output.txt")
        var sink = try TaskOutputSink(path: path)
        try sink.receive(.taskFinished(Self.retried()))
        try sink.receive(.taskFinished(Fixtures.success(2)))
        try sink.flush()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("End: 2025-09-29 14:30:17.876543\nAttempts: 3\n\nSTDOUT:"))
        #expect(text.components(separatedBy: "Attempts:").count == 2, "only the retried task has the line")
    }
}
