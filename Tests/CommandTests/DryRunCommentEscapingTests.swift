import Foundation
import PRXTesting
import Testing

/// A dry run is meant to be read by a shell as it stands (`prx … > run.sh; sh run.sh`): a task that cannot run is a
/// `# …: not runnable: …` comment. Its label and reason were printed raw, so a line break in a file's name ended
/// the comment and the rest of the name was a line the shell ran; a NUL byte went out raw. Every control character
/// in a line that is not a quoted command is now written as an escape (`\n`, `\x00`), as prx's other one-line
/// texts are.
@Suite(.runsProcesses) struct DryRunCommentEscapingTests {
    /// One way of making a not-runnable task whose label or reason holds control characters.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// Files to make under the workbench, each named by its bytes, relative to the workbench's root.
        var files: [(path: [UInt8], contents: String)]
        var arguments: [String]
        /// The dry run's line for the task, `ROOT` standing for the workbench's root.
        var comment: String
        var testDescription: String { name }
    }

    static let overlong = String(repeating: "x", count: 1001)
    static let escapingName = Array("a\ntouch PWNED\n".utf8)

    static let cases: [Case] = [
        Case(
            name: "a file name with line breaks, over the argument limit",
            files: [(Array("tasks/".utf8) + escapingName, "")],
            arguments: ["-T", "tasks", "-C", "cat @TASK@ \(overlong)"],
            comment: #"# ROOT/tasks/a\ntouch PWNED\n: not runnable: argument 3 is 1001 characters long, "#
                + "over max_argument_length 1000"),
        Case(
            name: "a file name that is not UTF-8, with line breaks",
            files: [(Array("tasks/".utf8) + [0xFF] + escapingName, "")],
            arguments: ["-T", "tasks", "-C", "cat @TASK@"],
            comment: #"# ROOT/tasks/\xffa\ntouch PWNED\n: not runnable: task file ROOT/tasks/\xffa\ntouch PWNED\n: "#
                + "its name is not UTF-8, which prx cannot pass to a command (-T)"),
        Case(
            name: "an arguments file whose name has line breaks, a line short of a field",
            files: [(escapingName, "one\n")],
            arguments: ["-A", "a\ntouch PWNED\n", "-C", "echo @ARG_2@"],
            comment: #"# one: not runnable: a\ntouch PWNED\n:1: @ARG_2@ has no value: the line has 1 field"#),
        Case(
            name: "an arguments line holding a NUL byte and an escape sequence",
            files: [(Array("args.txt".utf8), "a\u{0}b\u{1B}[2J\n")],
            arguments: ["-A", "args.txt", "-C", "echo @ARG@"],
            comment: #"# a\x00b\x1b[2J: not runnable: argument 2 contains a NUL byte, which no program can be given"#),
    ]

    @Test(arguments: cases)
    func aNotRunnableTasksCommentKeepsItsControlCharactersAsEscapes(_ example: Case) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        for file in example.files {
            try Self.create(Array(bench.root.path.utf8) + Array("/".utf8) + file.path, contents: file.contents)
        }
        let outcome = try await bench.prx(example.arguments)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let comment = example.comment.replacing("ROOT", with: bench.root.path)
        #expect(outcome.stdout == comment + "\n# dry run: 1 task, 1 not runnable; add -r to run it\n")
        let script = try bench.root.write("dry-run.sh", outcome.stdout)
        let shell = try await PRXProcess.run(
            [script], executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(shell.status == 0, "\(shell.stderr)")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("PWNED")))
    }

    /// An arguments line that is not UTF-8 is its task's label: the comment showed U+FFFD in place of each byte that
    /// is not UTF-8, the same for every byte, where a file's name that is not UTF-8 shows its bytes (`\xff`). It
    /// shows them so too now, its control characters escaped as ever, and so does the summary of its run.
    @Test func anArgumentsLineThatIsNotUTF8ShowsItsBytes() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try Self.create(Array(bench.root.file("args.txt").utf8), bytes: Array("caf".utf8) + [0xE9, 0x01, 0x0A])
        let dryRun = try await bench.prx(["-A", "args.txt", "-C", "echo @ARG@"])
        #expect(dryRun.status == 1, "\(dryRun.stderr)")
        #expect(dryRun.stdout == #"""
            # caf\xe9\x01: not runnable: args.txt:1: the line is not UTF-8, and prx gives tasks their arguments as \#
            UTF-8 text
            # dry run: 1 task, 1 not runnable; add -r to run it

            """#)
        let run = try await bench.prx(["-A", "args.txt", "-C", "echo @ARG@", "-r"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(try await bench.summaryRecords().map { $0["task_file"] } == ["caf\\xe9\u{1}"])
    }

    /// A recipe's dry run is no shell script, but its lines are one a task: a task's name (which may hold any
    /// control character but a line break) and a source's task's label (a file's name, line breaks and all) head
    /// their lines with their control characters as escapes; the command after them is quoted as ever.
    @Test func aRecipesDryRunWritesNamesAndLabelsWithEscapes() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try Self.create(Array(bench.root.file("tasks/").utf8) + Self.escapingName, contents: "")
        try bench.root.write("recipe.lua", #"""
            local red = prx.task { "echo", "a", name = "red\27[31m" }
            prx.task { "echo", string.rep("x", 1001), name = "bell\7" }
            prx.task { "echo", "b", name = "c\1", after = red }
            prx.source("dir", { path = "tasks", command = "cat @TASK@" })
            """#)
        let outcome = try await bench.prx(["run", "recipe.lua"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let task = bench.root.file("tasks/a\ntouch PWNED\n")
        #expect(outcome.stdout == #"""
            red\x1b[31m: echo a
            # bell\x07: not runnable: argument 2 is 1001 characters long, over max_argument_length 1000
            c\x01: echo b  (after red\x1b[31m)
            \#(bench.root.path)/tasks/a\ntouch PWNED\n: cat '\#(task)'
            # dry run: 4 tasks, 1 not runnable; add -r to run them

            """#)
    }

    /// Makes the file at the absolute path `path` (any bytes but NUL), and its directory, holding `contents`.
    private static func create(_ path: [UInt8], contents: String) throws {
        try create(path, bytes: Array(contents.utf8))
    }

    /// Makes the file at the absolute path `path` (any bytes but NUL), and its directory, holding `bytes`.
    private static func create(_ path: [UInt8], bytes: [UInt8]) throws {
        let directory = path[..<(path.lastIndex(of: UInt8(ascii: "/")) ?? 0)]
        try FileManager.default.createDirectory(
            atPath: String(decoding: directory, as: UTF8.self), withIntermediateDirectories: true)
        let descriptor = (path.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer {
            open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        #expect(descriptor >= 0, "cannot create \(String(decoding: path, as: UTF8.self))")
        defer { close(descriptor) }
        #expect(write(descriptor, bytes, bytes.count) == bytes.count)
    }
}
