import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Testing

@Suite struct TaskOutputSinkTests {
    static let rule = String(repeating: "=", count: 80)

    func written(_ results: [TaskResult]) throws -> String {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("output.txt")
        var sink = try TaskOutputSink(path: path)
        try sink.receive(.runStarted(RunInfo(startTime: Fixtures.start, maxInFlight: 1)))
        for result in results { try sink.receive(.taskFinished(result)) }
        try sink.flush()
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func writesTheBlockParallelrsReadmeShows() throws {
        #expect(try written([Fixtures.success()]) == """
            \(Self.rule)
            Task: ./tasks/task1.sh
            Worker: 1
            Command: bash ./tasks/task1.sh
            Status: SUCCESS
            Exit Code: 0
            Duration: 2.75s
            Memory: 45.23MB
            Start: 2025-09-29 14:30:15.123456
            End: 2025-09-29 14:30:17.876543

            STDOUT:
            Processing data...
            Complete!

            STDERR:

            \(Self.rule)

            """)
    }

    @Test func endsOutputWithANewlineAndAddsTheMessage() throws {
        var failure = Fixtures.failure(2, label: "t2.sh", code: 1, message: "exit status 1")
        failure.stdoutTail = "partial"
        let text = try written([failure])
        #expect(text.contains("Exit Code: 1\nDuration: 1.00s\nMemory: -\n"))
        #expect(text.contains("End: 2025-09-29 14:30:17.876543\nMessage: exit status 1\n\n"
            + "STDOUT:\npartial\n\nSTDERR:\nboom\n\n\(Self.rule)\n"))
    }

    @Test func writesABlockForATaskThatNeverStarted() throws {
        let text = try written([Fixtures.cancelled(3, label: "late.sh")])
        #expect(text == """
            \(Self.rule)
            Task: late.sh
            Worker: -
            Command: bash late.sh
            Status: CANCELLED
            Exit Code: -
            Duration: 0.00s
            Memory: -
            Start: -
            End: 2025-09-29 14:30:17.876543
            Message: run halted: limit

            STDOUT:

            STDERR:

            \(Self.rule)

            """)
    }

    /// A task's name, command and message holding a line break (a file named so, a `cmd` function's error of several
    /// lines) were written raw, so that a reader of the block took the rest of the name for a line of its own (here a
    /// `Status:` key). Each is now one line, its control characters written as escapes, as the log writes them.
    @Test func writesTheNameCommandAndMessageOnOneLineEach() throws {
        let label = "./tasks/a\nStatus: SUCCESS\u{1b}[2J.sh"
        let failure = Fixtures.failure(2, label: label, message: "exit status 1\nsee\tabove")
        let text = try written([failure])
        let escaped = "./tasks/a\\nStatus: SUCCESS\\x1b[2J.sh"
        #expect(
            text.hasPrefix("\(Self.rule)\nTask: \(escaped)\nWorker: 2\nCommand: bash '\(escaped)'\nStatus: FAILED\n"),
            "\(text)")
        #expect(text.contains("\nMessage: exit status 1\\nsee\\tabove\n\n"), "\(text)")
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("Status: ") }.count == 1)
    }
}
