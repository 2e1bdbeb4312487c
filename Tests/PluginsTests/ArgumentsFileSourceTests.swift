import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Synchronization
import Testing

@Suite struct ArgumentsFileSourceTests {
    /// Collects the warnings a source sends.
    final class Warnings: Sendable {
        private let storage = Mutex<[String]>([])
        var all: [String] { storage.withLock { $0 } }
        var handler: @Sendable (String) -> Void { { message in self.storage.withLock { $0.append(message) } } }
    }

    private func source(
        _ directory: TemporaryDirectory, lines: String, command: String, separator: Separator? = .comma,
        environment: [String] = [], templateFile: String? = nil, settings: TaskSettings = TaskSettings(),
        warnings: Warnings = Warnings()
    ) throws -> ArgumentsFileSource {
        let names = try EnvironmentNames(environment)
        return ArgumentsFileSource(
            reader: try ArgumentsFileReader(path: directory.write("hosts.txt", lines), separator: separator),
            command: try CommandTemplate(command, environmentNames: names.names),
            templateFile: templateFile, environmentNames: names, settings: settings, warn: warnings.handler)
    }

    @Test func eachLineIsATaskNumberedFromOne() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let template = try directory.write("deploy.sh", "echo deploy")
        let settings = TaskSettings(timeout: 30, workingDirectory: "/tmp")
        let tasks = try drainTasks(
            source(
                directory, lines: "# servers\nweb1, 8080\n\nweb2,8081\n", command: "bash @TASK@ --port @ARG_2@ @ARG@",
                templateFile: template, settings: settings))
        #expect(tasks.map(\.id) == [1, 2])
        #expect(tasks.map(\.label) == ["web1, 8080", "web2,8081"])
        #expect(tasks[0].argv == ["bash", template, "--port", "8080", "web1"])
        #expect(
            tasks[1].metadata == [
                TaskMetadataKey.taskFile: template, TaskMetadataKey.arguments: "web2,8081", TaskMetadataKey.line: "4",
            ])
        #expect(tasks.allSatisfy { $0.timeout == 30 && $0.workingDirectory == "/tmp" && $0.preflightError == nil })
    }

    @Test func environmentNamesPairWithFieldsInOrder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tasks = try drainTasks(
            source(
                directory, lines: "h1,80,prod\n", command: "curl http://$HOST:${PORT}/",
                environment: ["HOST", "PORT", "ENV"]))
        #expect(tasks[0].environment == ["HOST": "h1", "PORT": "80", "ENV": "prod"])
        #expect(tasks[0].argv == ["curl", "http://h1:80/"])
        #expect(tasks[0].metadata[TaskMetadataKey.environmentNames] == "HOST,PORT,ENV")
        #expect(DryRunCommandLine.render(tasks[0]) == "HOST=h1 PORT=80 ENV=prod curl http://h1:80/")
    }

    /// The warning counts in the user's words, `1 environment variable name` and `the first`, where it said `1
    /// environment variable names` and `the first 1`.
    @Test(arguments: [
        (["HOST"], [["HOST": "h1"], ["HOST": "h2"]], "3 fields but 1 environment variable name (-E); fields after the "
            + "first set no variable"),
        (["HOST", "PORT"], [["HOST": "h1", "PORT": "80"], ["HOST": "h2", "PORT": "81"]], "3 fields but 2 environment "
            + "variable names (-E); fields after the first 2 set no variable"),
    ])
    func fewerNamesThanFieldsSetsThoseAndWarnsOnceNamingFileAndLine(
        names: [String], environments: [[String: String]], warning: String
    ) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let warnings = Warnings()
        let tasks = try drainTasks(
            source(
                directory, lines: "# x\nh1,80,a\nh2,81,b\n", command: "ping @ARG@", environment: names,
                warnings: warnings))
        #expect(tasks.map(\.environment) == environments)
        #expect(warnings.all == ["\(directory.file("hosts.txt")):2: " + warning])
    }

    /// A line with fewer fields than `-E` names fails only its task, naming file and line; the lines after it are
    /// tasks as ever. It threw, which stopped the run there.
    @Test func moreNamesThanFieldsFailsOnlyItsTaskNamingFileAndLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tasks = try drainTasks(source(
            directory, lines: "a,b,c\n\n# two fields next\nd,e\nf,g,h\n", command: "run",
            environment: ["A", "B", "C"]))
        #expect(tasks.map(\.label) == ["a,b,c", "d,e", "f,g,h"])
        #expect(tasks.map(\.preflightError) == [
            nil, "\(directory.file("hosts.txt")):4: 3 environment variable names (-E) but only 2 fields", nil,
        ])
        #expect(tasks[2].environment == ["A": "f", "B": "g", "C": "h"])
    }

    /// A line of separators alone (`,,`) has no fields, so one `-E` name is too many for it: the error counts in the
    /// user's words, where it said `1 environment variable names (-E) but only 0 fields`.
    @Test(arguments: [
        (["HOST"], "1 environment variable name (-E) but no fields"),
        (["HOST", "PORT"], "2 environment variable names (-E) but no fields"),
    ])
    func aLineOfSeparatorsAloneHasNoFieldForANameAndSaysSo(names: [String], error: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tasks = try drainTasks(source(directory, lines: "h1,80\n , ,\n", command: "ping $HOST", environment: names))
        #expect(tasks.map(\.label) == ["h1,80", ", ,"])
        #expect(tasks.map(\.preflightError) == [nil, "\(directory.file("hosts.txt")):2: " + error])
    }

    @Test func aPlaceholderWithoutAValueFailsOnlyItsTask() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tasks = try drainTasks(source(directory, lines: "a,b,c\nd,e\n", command: "run @ARG_3@"))
        #expect(tasks[0].preflightError == nil)
        #expect(tasks[0].argv == ["run", "c"])
        #expect(tasks[1].preflightError
            == "\(directory.file("hosts.txt")):2: @ARG_3@ has no value: the line has 2 fields")
    }

    @Test func taskHasNoValueInArgumentsOnlyMode() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tasks = try drainTasks(source(directory, lines: "a\n", command: "bash @TASK@ @ARG@", separator: nil))
        #expect(tasks[0].metadata[TaskMetadataKey.taskFile] == "")
        #expect(
            tasks[0].preflightError
                == "\(directory.file("hosts.txt")):1: @TASK@ has no value: "
                    + "arguments-only mode has no template file (-T)")
    }

    @Test func valuesStayOneArgumentAndAreNeverRunByAShell() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tasks = try drainTasks(
            source(directory, lines: "it's \"a b\"; rm -rf /\n", command: "echo @ARG@ done", separator: nil))
        #expect(tasks[0].argv == ["echo", "it's \"a b\"; rm -rf /", "done"])
    }

    @Test func anArgumentOverTheLengthLimitFailsItsTask() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let long = String(repeating: "x", count: 1500)
        let tasks = try drainTasks(
            source(directory, lines: "ok\n\(long)\n", command: "run --flag pre-@ARG@", separator: nil))
        #expect(tasks[0].preflightError == nil)
        #expect(tasks[1].preflightError == "argument 3 is 1504 characters long, over max_argument_length 1000")
    }

    /// A NUL byte in an argument or a variable fails its task before it runs, so that a dry run shows it as not
    /// runnable; only the executor found it, when `-r` started the task.
    @Test func aNULByteFailsItsTaskBeforeItRuns() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tasks = try drainTasks(source(directory, lines: "ok,1\nx\0y,2\nz,3\0\n", command: "run @ARG_1@",
                                          environment: ["A", "B"]))
        #expect(tasks.map(\.preflightError) == [
            nil,
            "argument 2 contains a NUL byte, which no program can be given",
            "environment variable B contains a NUL byte, which no program can be given",
        ])
    }

    @Test func aTemplateOverTheSizeLimitFailsEveryTask() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let template = try directory.write("big.sh", String(repeating: "#", count: 2000))
        let tasks = try drainTasks(
            source(
                directory, lines: "a\nb\n", command: "bash @TASK@", separator: nil, templateFile: template,
                settings: TaskSettings(limits: SecurityLimits(maxFileSize: 1024))))
        #expect(tasks.map(\.preflightError)
            == Array(repeating: "task file \(template) is 2000 bytes, over max_file_size 1024", count: 2))
    }

    @Test func readsLinesOnlyWhenTasksArePulled() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let lineCount = 200_000
        let path = directory.file("many.txt")
        try (1...lineCount).map { "host\($0)\n" }.joined().write(toFile: path, atomically: false, encoding: .utf8)
        var source = ArgumentsFileSource(
            reader: try ArgumentsFileReader(path: path), command: try CommandTemplate("ping @ARG@"))
        #expect(try (1...3).map { _ in try source.next()?.label } == ["host1", "host2", "host3"])

        // A line appended now is still read: the file was not loaded when the source was made or first pulled.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("appended later\n".utf8))
        try handle.close()

        var count = 3
        var last: TaskSpec?
        while let task = try source.next() {
            count += 1
            last = task
        }
        #expect(count == lineCount + 1)
        #expect(last?.label == "appended later")
        #expect(last?.id == TaskID(lineCount + 1))
    }

    /// After a line the parser throws for, the parser is not called again: the lines after it, which the run only
    /// reports cancelled, come with their ids and labels, no command, and the mark that they were not parsed. The
    /// parser ran on every line, and each that it refused again was one more `ERROR`.
    @Test func afterTheParserThrowsTheLinesAfterAreGivenUnparsed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let parsed = Mutex<[String]>([])
        var source = ArgumentsFileSource(
            reader: try ArgumentsFileReader(path: directory.write("lines.txt", "a\nb\nc\nd\n")),
            command: try CommandTemplate("echo @ARG@"),
            lineParser: { line in
                parsed.withLock { $0.append(line) }
                guard line == "a" else { throw Refusal() }
                return [line]
            })
        #expect(try source.next()?.argv == ["echo", "a"])
        let refused = try #require(throws: UnreadableTaskError.self) { try source.next() }
        #expect(refused.standIn.id == 2)
        var rest: [TaskSpec] = []
        while let task = try source.next() { rest.append(task) }
        #expect(parsed.withLock { $0 } == ["a", "b"])
        #expect(rest.map(\.id) == [3, 4])
        #expect(rest.map(\.label) == ["c", "d"])
        #expect(rest.allSatisfy { $0.argv.isEmpty && $0.metadata[TaskMetadataKey.unparsed] == "true" })
        #expect(rest.map { $0.metadata[TaskMetadataKey.line] } == ["3", "4"])
    }

    /// Told that the run starts none of its lines left (a halt), the source calls its parser no more: the lines come
    /// with their ids and labels, no command, and the mark that they were not parsed. Without a parser, the lines are
    /// tasks as before, known again by their commands. The parser was called for every line left.
    @Test(arguments: [false, true])
    func toldTheRestIsCancelledTheParserIsNotCalledAgain(parser: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let parsed = Mutex<[String]>([])
        let lineParser: ArgumentsFileSource.LineParser = { line in
            parsed.withLock { $0.append(line) }
            return [line]
        }
        var source = ArgumentsFileSource(
            reader: try ArgumentsFileReader(path: directory.write("lines.txt", "a\nb\nc\n")),
            command: try CommandTemplate("echo @ARG@"), lineParser: parser ? lineParser : nil)
        #expect(try source.next()?.argv == ["echo", "a"])
        source.remainingTasksWillBeCancelled()
        var rest: [TaskSpec] = []
        while let task = try source.next() { rest.append(task) }
        #expect(parsed.withLock { $0 } == (parser ? ["a"] : []))
        #expect(rest.map(\.id) == [2, 3])
        #expect(rest.map(\.label) == ["b", "c"])
        #expect(rest.map(\.argv) == (parser ? [[], []] : [["echo", "b"], ["echo", "c"]]))
        #expect(rest.map { $0.metadata[TaskMetadataKey.unparsed] } == (parser ? ["true", "true"] : [nil, nil]))
    }

    private struct Refusal: Error {}
}
