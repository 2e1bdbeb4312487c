import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Testing

@Suite struct ParallelrTaskSourceTests {
    @Test func fileModeRunsEveryCollectedFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("tasks/b.sh", "echo b")
        try directory.write("tasks/a b.sh", "echo a")
        try directory.write("tasks/notes.md", "no")
        let source = try ParallelrTaskSource(
            configuration: .init(
                command: "bash @TASK@ --verbose", taskPaths: ["tasks"],
                fileExtensions: FileExtensionFilter(parsing: "sh"),
                settings: TaskSettings(timeout: 600), baseDirectory: directory.path))
        #expect(source.mode == .taskFiles(count: 2))
        let tasks = try drainTasks(source)
        #expect(tasks.map(\.id) == [1, 2])
        #expect(tasks.map(\.label) == [directory.file("tasks/a b.sh"), directory.file("tasks/b.sh")])
        #expect(tasks[0].argv == ["bash", directory.file("tasks/a b.sh"), "--verbose"])
        #expect(tasks[0].metadata == [TaskMetadataKey.taskFile: directory.file("tasks/a b.sh")])
        #expect(tasks.allSatisfy { $0.timeout == 600 && $0.preflightError == nil && $0.environment.isEmpty })
        #expect(DryRunCommandLine.render(tasks[0]) == "bash '\(directory.file("tasks/a b.sh"))' --verbose")
    }

    /// Flags mode's source promises that its ids are unique (numbered from 1), in every mode, so that the scheduler
    /// spends nothing per task checking them (``TaskSource/promisesUniqueIDs``).
    @Test(arguments: [false, true])
    func promisesUniqueIDs(arguments: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("tasks/a.sh", "echo a")
        let lines = try directory.write("lines.txt", "1\n2\n")
        let source = try ParallelrTaskSource(
            configuration: arguments
                ? .init(command: "echo @ARG@", argumentsFile: lines)
                : .init(command: "bash @TASK@", taskPaths: [file]))
        #expect(source.promisesUniqueIDs)
    }

    @Test func fileModeChecksFileSizeAndPlaceholdersPerTask() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let small = try directory.write("tasks/small.sh", "echo")
        let big = try directory.write("tasks/big.sh", String(repeating: "x", count: 2_000_000))
        let tasks = try drainTasks(
            ParallelrTaskSource(configuration: .init(command: "bash @TASK@", taskPaths: [directory.file("tasks")])))
        #expect(tasks.map(\.label) == [big, small])
        #expect(tasks[0].preflightError == "task file \(big) is 2000000 bytes, over max_file_size 1048576")
        #expect(tasks[1].preflightError == nil)

        let withArgument = try drainTasks(
            ParallelrTaskSource(configuration: .init(command: "bash @TASK@ @ARG@", taskPaths: [small])))
        #expect(
            withArgument[0].preflightError
                == "@ARG@ has no value for task file \(small): file mode has no arguments file (-A)")
    }

    @Test func templateModeUsesTheTemplateForEveryLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("template.sh", "echo $HOSTNAME")
        let arguments = try directory.write("hosts.txt", "server1 8080\nserver2   8081\n")
        let source = try ParallelrTaskSource(
            configuration: .init(
                command: "bash @TASK@ --x", taskPaths: ["./template.sh"], argumentsFile: arguments, separator: .space,
                environmentNames: EnvironmentNames(parsing: "HOSTNAME,PORT"), baseDirectory: directory.path))
        #expect(source.mode == .template(file: directory.file("template.sh")))
        let rendered = try drainTasks(source).map(DryRunCommandLine.render)
        #expect(
            rendered == [
                "HOSTNAME=server1 PORT=8080 bash \(directory.file("template.sh")) --x",
                "HOSTNAME=server2 PORT=8081 bash \(directory.file("template.sh")) --x",
            ])
    }

    @Test func argumentsOnlyModeWarnsWhenTheLinesAreUnused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let arguments = try directory.write("hosts.txt", "h1\n")
        let warnings = ArgumentsFileSourceTests.Warnings()
        let source = try ParallelrTaskSource(
            configuration: .init(command: "uptime", argumentsFile: arguments, warn: warnings.handler))
        #expect(source.mode == .argumentsOnly)
        #expect(try drainTasks(source).map(\.argv) == [["uptime"]])
        #expect(warnings.all.count == 1)
    }

    @Test func configurationErrors() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let arguments = try directory.write("args.txt", "a\n")
        try directory.write("t1.sh", "")
        try directory.write("t2.sh", "")
        func error(_ configuration: ParallelrTaskSource.Configuration) -> String? {
            do {
                _ = try ParallelrTaskSource(configuration: configuration)
                return nil
            } catch {
                return "\(error)"
            }
        }
        let base = directory.path
        #expect(error(.init(command: "x")) == "either -T/--TasksDir or -A/--arguments-file is required")
        #expect(
            error(.init(command: "x", taskPaths: ["t1.sh"], separator: .comma, baseDirectory: base))
                == "-S/--separator needs -A/--arguments-file")
        #expect(
            error(.init(command: "x", taskPaths: ["t1.sh", "t2.sh"], argumentsFile: arguments, baseDirectory: base))
                == "with -A, -T takes one template file, not 2 paths (-T)")
        #expect(
            error(.init(command: "x", taskPaths: ["."], argumentsFile: arguments, baseDirectory: base))
                == "with -A, -T must be a template file, not the directory .; "
                + "leave out -T to run the command on each line directly (-T)")
        #expect(
            error(.init(command: "x", taskPaths: ["nope.sh"], argumentsFile: arguments, baseDirectory: base))
                == "template file not found: nope.sh (-T)")
        // There, but the system cannot look at it: it was "not found".
        try FileManager.default.createSymbolicLink(atPath: directory.file("loop"), withDestinationPath: "loop")
        #expect(
            error(.init(command: "x", taskPaths: ["loop"], argumentsFile: arguments, baseDirectory: base))
                == "cannot read template file loop: Too many levels of symbolic links (-T)")
        #expect(mkfifo(directory.file("fifo"), 0o600) == 0)
        #expect(
            error(.init(command: "x", taskPaths: ["fifo"], argumentsFile: arguments, baseDirectory: base))
                == "with -A, -T must be a regular file, which each task can read, not a FIFO, device or socket: "
                + "fifo (-T)")
        #expect(
            error(.init(command: "echo 'x", taskPaths: ["t1.sh"], baseDirectory: base))
                == "command template cannot be split: no closing quotation for ' at character 6 (-C)")
        #expect(
            error(.init(command: "x", taskPaths: ["*.py"], baseDirectory: base))
                == "no file matches the pattern *.py (-T)")
        #expect(
            error(.init(command: "x", argumentsFile: directory.file("none.txt")))
                == "cannot open arguments file \(directory.file("none.txt")): No such file or directory (-A)")
    }

    /// A line with too few fields for the `-E` names, however late in a regular file, is its task's error when the
    /// run reaches it: the source was made only after a first pass over the whole file, which refused it.
    @Test func aLineWithTooFewFieldsIsOnlyItsTasksError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let lines = (1...5000).map { "host\($0),\($0)" } + ["late"] + ["z,9"]
        let arguments = try directory.write("hosts.txt", lines.joined(separator: "\n") + "\n")
        let tasks = try drainTasks(ParallelrTaskSource(
            configuration: .init(
                command: "run", argumentsFile: arguments, separator: .comma,
                environmentNames: EnvironmentNames(parsing: "HOST,PORT"))))
        #expect(tasks.count == 5002)
        #expect(tasks.compactMap(\.preflightError)
            == ["\(arguments):5001: 2 environment variable names (-E) but only 1 field"])
        #expect(tasks.last?.environment == ["HOST": "z", "PORT": "9"])
    }

    /// What a line parser throws for stops the run there: that line is an error, and the lines after it are
    /// cancelled.
    @Test func aThrowingSourceStopsTheRunWithTheLineInTheSummary() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let arguments = try directory.write("hosts.txt", "a,1\nb\nc,3\n")
        struct Refusal: Error, CustomStringConvertible {
            var description: String { "one field" }
        }
        let source = try ParallelrTaskSource(
            configuration: .init(
                command: "run", argumentsFile: arguments,
                environmentNames: EnvironmentNames(parsing: "HOST,PORT")),
            lineParser: { line in
                let fields = line.split(separator: ",").map(String.init)
                guard fields.count > 1 else { throw Refusal() }
                return fields
            })
        let log = EventLog()
        let summary = await Scheduler(configuration: .init(maxInFlight: 1), executor: ScriptedExecutor())
            .run(source: source, sinks: [RecordingSink(log: log)])
        #expect(summary.sourceError == "one field (--parser, on \(arguments):2)")
        #expect(log.results.map(\.task.label) == ["a,1", "b", "c,3"])
        #expect(log.results.map(\.status) == [.success, .error, .cancelled])
        #expect(log.results[1].task.metadata[TaskMetadataKey.unreadable] == "true")
    }
}
