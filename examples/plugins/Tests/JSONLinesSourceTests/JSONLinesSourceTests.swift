import Foundation
import JSONLinesSource
import PRXKernel
import PRXPlugins
import PRXTesting
import Testing

/// What the `jsonl` source makes of good lines, and the run-wide defaults it fills in.
@Suite struct JSONLinesSourceTests {
    /// Every task of `source`, in order.
    static func drain(_ source: inout JSONLinesSource) throws -> [TaskSpec] {
        var tasks: [TaskSpec] = []
        while let task = try source.next() { tasks.append(task) }
        return tasks
    }

    @Test func readsArgvAndShellLinesSkippingBlankOnes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("tasks.jsonl", """
            {"argv": ["echo", "hello world"], "name": "greet"}

            {"sh": "echo $HOME | wc -c"}
            \t
            {"argv": ["true"], "env": {"A": "1", "B": ""}, "cwd": "/srv/data", "timeout": 2.5}\r

            """)
        var source = try JSONLinesSource(file: "tasks.jsonl", baseDirectory: directory.path)
        let tasks = try Self.drain(&source)

        #expect(tasks.map(\.id) == [1, 2, 3])
        #expect(tasks.map(\.label) == ["greet", "3", "5"])
        #expect(tasks.map { $0.metadata["line"] } == ["1", "3", "5"])
        #expect(tasks[0].argv == ["echo", "hello world"])
        #expect(tasks[1].argv == ["/bin/sh", "-c", "echo $HOME | wc -c"])
        #expect(tasks[2].argv == ["true"])
        #expect(tasks[2].environment == ["A": "1", "B": ""])
        #expect(tasks[2].workingDirectory == "/srv/data")
        #expect(tasks[2].timeout == 2.5)
        #expect(tasks[0].environment.isEmpty && tasks[0].workingDirectory == nil && tasks[0].timeout == nil)
        #expect(tasks.allSatisfy { $0.preflightError == nil && $0.dependencies.isEmpty })
    }

    @Test func theRunsTimeoutAndDirectoryApplyWhenALineHasNone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("tasks.jsonl", """
            {"argv": ["a"]}
            {"argv": ["b"], "timeout": 1, "cwd": "/abs"}
            {"argv": ["c"], "cwd": "sub/dir"}
            """)
        let settings = TaskSettings(timeout: 600, workingDirectory: "/work/space")
        var source = try JSONLinesSource(file: directory.file("tasks.jsonl"), taskSettings: settings)
        let tasks = try Self.drain(&source)

        #expect(tasks.map(\.timeout) == [600, 1, 600])
        #expect(tasks.map(\.workingDirectory) == ["/work/space", "/abs", "/work/space/sub/dir"])
    }

    @Test func anArgumentOverTheLimitIsRejectedNotRun() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("tasks.jsonl", #"{"argv": ["echo", "\#(String(repeating: "x", count: 20))"]}"# + "\n")
        let settings = TaskSettings(limits: SecurityLimits(maxArgumentLength: 10))
        var source = try JSONLinesSource(file: directory.file("tasks.jsonl"), taskSettings: settings)
        let task = try #require(try source.next())
        #expect(task.preflightError == "argument 2 is 20 characters long, over max_argument_length 10")
    }

    @Test func theFileIsReadAsTheRunGoes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("many.jsonl")
        let lines = (1...100_000).map { #"{"argv": ["echo", "\#($0)"]}"# }.joined(separator: "\n") + "\n"
        try lines.write(toFile: path, atomically: true, encoding: .utf8)
        var source = try JSONLinesSource(file: path)
        #expect(try source.next()?.argv == ["echo", "1"])
        #expect(try source.next()?.argv == ["echo", "2"])

        let appender = try #require(FileHandle(forWritingAtPath: path))
        try appender.seekToEnd()
        try appender.write(contentsOf: Data(#"{"sh": "echo appended", "name": "late"}"#.utf8 + [10]))
        try appender.close()

        var count = 2
        var last: TaskSpec?
        while let task = try source.next() {
            count += 1
            last = task
        }
        #expect(count == 100_001)
        #expect(last?.label == "late")
        #expect(last?.id == 100_001)
    }

    @Test func theFileIsRelativeToTheBaseDirectoryThroughTheRegistry() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("sub/tasks.jsonl", #"{"argv": ["true"]}"#)
        var registry = PluginRegistry()
        registry.register(source: JSONLinesSource.descriptor, factory: JSONLinesSource.make)
        let context = PluginContext(
            logFiles: try RunLogFiles(directory: directory.path), baseDirectories: ["file": directory.file("sub")],
            taskSettings: TaskSettings(timeout: 30))
        var source = try registry.makeSource("jsonl", settings: ["file": "tasks.jsonl"], context: context)
        let task = try #require(try source.next())
        #expect(task.argv == ["true"])
        #expect(task.timeout == 30)
        #expect(try source.next() == nil)
    }

    @Test func aMissingFileIsNamed() throws {
        var registry = PluginRegistry()
        registry.register(source: JSONLinesSource.descriptor, factory: JSONLinesSource.make)
        let context = PluginContext(
            logFiles: try RunLogFiles(directory: "/tmp"), baseDirectories: ["file": "/nonexistent"])
        #expect {
            _ = try registry.makeSource("jsonl", settings: ["file": "tasks.jsonl"], context: context)
        } throws: { error in
            "\(error)" == "tasks.jsonl: No such file or directory"
        }
        #expect {
            _ = try registry.makeSource("jsonl", settings: [:], context: context)
        } throws: { error in
            "\(error)" == "source 'jsonl' needs the setting jsonl.file"
        }
    }
}
