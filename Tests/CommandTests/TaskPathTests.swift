import Foundation
import PRXTesting
import Testing

/// The `-T` values as the command takes them: which files run, named how.
@Suite(.runsProcesses) struct TaskPathTests {
    /// `bash l/../target.sh` runs `real/target.sh` when `l` links to `real/sub`; so do `-T` files, directories,
    /// patterns and templates, and patterns that match a directory holding such a link (`d*/x/..`, when `d1/x` links
    /// to `real/sub`), where prx dropped `x/..` textually and ran `d1/target.sh`.
    @Test func aParentAfterASymbolicLinkIsTheLinkTargetsParent() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("real/sub/keep.txt", "")
        try bench.root.write("real/target.sh", "echo REAL @ARG@\n")
        try bench.root.write("target.sh", "echo WRONG\n")
        try bench.root.write("d1/target.sh", "echo WRONG\n")
        try bench.root.write("args.txt", "a\n")
        try FileManager.default.createSymbolicLink(atPath: bench.root.file("l"), withDestinationPath: "real/sub")
        try FileManager.default.createSymbolicLink(atPath: bench.root.file("d1/x"), withDestinationPath: "../real/sub")
        let real = URL(fileURLWithPath: bench.root.file("real")).resolvingSymlinksInPath().path
        let patternsBeforeTheLink = ["d*/x/../target.sh", "d*/x/../*.sh", "d?/x/../target.sh"]
        for value in ["l/../target.sh", "l/..", "l/../*.sh"] + patternsBeforeTheLink {
            let outcome = try await bench.prx(["-T", value, "-C", "bash @TASK@"])
            #expect(outcome.status == 0, "\(value): \(outcome.stderr)")
            #expect(
                outcome.stdout.hasPrefix("bash \(real)/target.sh\n# dry run: 1 task;"), "\(value): \(outcome.stdout)")
        }
        let template = try await bench.prx(["-T", "l/../target.sh", "-A", "args.txt", "-C", "bash @TASK@ @ARG@", "-r"])
        #expect(template.status == 0, "\(template.stderr)")
        #expect(try await bench.summaryRecords().map { $0["task_file"] } == ["\(real)/target.sh"])
    }

    /// A `-T` value that is there but is neither a regular file nor a directory (a FIFO, a device, a symbolic link to
    /// nothing, as a shell's `tasks/*` names them beside the task files) is passed over with a warning, in the dry run
    /// and the run, and the other files run, as parallelr passes them over; prx refused the whole run, exit 2.
    @Test func aTaskPathThatIsNoFileIsPassedOverAndTheOthersRun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("t/good.sh", "echo ok\n")
        #expect(mkfifo(bench.root.file("t/pipe"), 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: bench.root.file("t/old.sh"), withDestinationPath: "gone.sh")
        let values = ["t/good.sh", "t/old.sh", "t/pipe", "/dev/null"]
        let warnings = [
            "prx: warning: task path is a symbolic link to nothing: t/old.sh (-T); ignored, as parallelr ignores it",
            "prx: warning: task path is neither a file nor a directory: t/pipe (-T); ignored, as parallelr ignores it",
            "prx: warning: task path is neither a file nor a directory: /dev/null (-T); ignored, as parallelr "
                + "ignores it",
        ]
        let arguments = values.flatMap { ["-T", $0] } + ["-C", "bash @TASK@"]
        let dryRun = try await bench.prx(arguments)
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdout == "bash \(bench.root.file("t/good.sh"))\n# dry run: 1 task; add -r to run it\n")
        #expect(dryRun.stderr == warnings.joined(separator: "\n") + "\n")
        let run = try await bench.prx(arguments + ["-r"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try await bench.summaryRecords().map { $0["task_file"] } == [bench.root.file("t/good.sh")])
        let log = try String(contentsOfFile: bench.logFiles(endingWith: ".log")[0], encoding: .utf8)
        for warning in warnings {
            #expect(log.contains("WARNING - [MainThread] - " + warning.dropFirst("prx: warning: ".count)), "\(log)")
        }
        let nothingElse = try await bench.prx(["-T", "t/pipe", "-T", "t/old.sh", "-C", "bash @TASK@", "-r"])
        #expect(nothingElse.status == 2)
        #expect(nothingElse.stderr.hasSuffix("prx: error: no task files found in the given paths (-T)\n"))
    }

    /// A `-T` value that is a symbolic link in a loop, as a shell's `t/*` names one beside the task files, is passed
    /// over with a warning and the other files run, as a link to nothing is; prx refused the whole run, exit 2
    /// (`cannot read task path t/loop: Too many levels of symbolic links`). A path through such a link still is.
    @Test func aTaskPathThatIsALinkInALoopIsPassedOverAndTheOthersRun() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("t/good.sh", "echo ok\n")
        try FileManager.default.createSymbolicLink(atPath: bench.root.file("t/loop"), withDestinationPath: "loop")
        let warning =
            "prx: warning: task path is a symbolic link in a loop: t/loop (-T); ignored, as parallelr ignores it"
        let run = try await bench.prx(["-T", "t/good.sh", "-T", "t/loop", "-C", "bash @TASK@", "-r"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == warning + "\n")
        #expect(try await bench.summaryRecords().map { $0["task_file"] } == [bench.root.file("t/good.sh")])
        let through = try await bench.prx(["-T", "t/good.sh", "-T", "t/loop/x.sh", "-C", "bash @TASK@"])
        #expect(through.status == 2)
        #expect(through.stderr.hasPrefix("prx: error: cannot read task path t/loop/x.sh: "), "\(through.stderr)")
    }

    /// Started in a directory deleted since (`getcwd` fails), prx took a relative `-T` value from `/`: `-T .` ran the
    /// files in `/`, `-T tasks` those of `/tasks`. Such a value is refused, exit 2, naming it; an absolute one runs.
    @Test func aRelativeTaskPathInADeletedDirectoryIsRefused() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let task = try bench.root.write("t/a.sh", "echo ok\n")
        func prxInADeletedDirectory(_ arguments: [String]) async throws -> PRXProcess.Outcome {
            try await PRXProcess.run(
                ["-c", #"mkdir gone && cd gone && rmdir ../gone && exec "$0" "$@""#, PRXProcess.executablePath]
                    + arguments,
                executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        }
        for value in [".", "t", "*"] {
            let refused = try await prxInADeletedDirectory(["-T", task, "-T", value, "-C", "bash @TASK@"])
            #expect(refused.status == 2, "\(value): \(refused.stdout)")
            #expect(refused.stdout.isEmpty)
            #expect(refused.stderr == "prx: error: task path \(value) is relative, and the directory prx runs in was "
                + "deleted, so it names no file: give it from / (-T)\n")
        }
        let absolute = try await prxInADeletedDirectory(["-T", task, "-C", "bash @TASK@"])
        #expect(absolute.status == 0, "\(absolute.stderr)")
        #expect(absolute.stdout == "bash \(task)\n# dry run: 1 task; add -r to run it\n")
    }

    /// Run in a directory whose path is not UTF-8, prx took a relative `-T` value from that path as text, with U+FFFD
    /// in place of those bytes, which names no directory: `-T t -C 'bash @TASK@'` said `task path does not exist: t
    /// (-T)` though `t` was there, and `-A args -T tmpl` `template file not found: tmpl`. Such a value is refused, exit
    /// 2, naming the directory, in a dry run too; an absolute one runs.
    @Test(arguments: [
        (["-T", "t", "-C", "bash @TASK@"], "t"), (["-T", "t/*.sh", "-C", "bash @TASK@"], "t/*.sh"),
        (["-A", "args.txt", "-T", "t/a.sh", "-C", "bash @TASK@ @ARG@"], "t/a.sh"),
    ], [["-r"], []])
    func aRelativeTaskPathInADirectoryWhosePathIsNotUTF8IsRefused(
        given: (flags: [String], value: String), run: [String]
    ) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let root = URL(fileURLWithPath: bench.root.path).resolvingSymlinksInPath().path
        let task = try bench.root.write("t/a.sh", "echo ok\n")
        let inDirectory = #"d=$(printf 'd\377') && mkdir -p "$d" && cp -R t args.txt "$d" && cd "$d" && exec "$0" "$@""#
        try bench.root.write("args.txt", "a\n")
        let refused = try await PRXProcess.run(
            ["-c", inDirectory, PRXProcess.executablePath] + given.flags + run,
            executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(refused.status == 2, "\(refused.stdout)")
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr == "prx: error: task path \(given.value) is relative, and the directory prx runs in is "
            + "not UTF-8 (it reads '\(root)/d\\xff'), where prx takes its paths as UTF-8: run prx in another directory "
            + "(-T)\n")
        #expect(bench.journals().isEmpty)
        let absolute = try await PRXProcess.run(
            ["-c", inDirectory, PRXProcess.executablePath, "-T", task, "-C", "bash @TASK@"] + run,
            executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(absolute.status == 0, "\(absolute.stderr)")
    }

    /// A workbench whose folder `t8` holds `good.sh` and `caf\xe9` + `suffix`, a name that is not UTF-8.
    private func benchWithALatin1Name(suffix: String) throws -> Workbench {
        let bench = try Workbench()
        try bench.root.write("t8/good.sh", "echo ok\n")
        createEmptyFile(Array(bench.root.file("t8/caf").utf8) + [0xE9] + Array(suffix.utf8))
        return bench
    }

    /// Creates an empty file at the path whose bytes (UTF-8 or not) are `path`.
    private func createEmptyFile(_ path: [UInt8]) {
        let descriptor = (path + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { creat($0.baseAddress!, 0o644) }
        }
        #expect(descriptor >= 0)
        close(descriptor)
    }

    /// A file the extension filter leaves out does not matter, whatever its name.
    @Test func aFileNameThatIsNotUTF8DoesNotMatterWhenFilteredOut() async throws {
        let bench = try benchWithALatin1Name(suffix: ".txt")
        defer { bench.root.remove() }
        let outcome = try await bench.prx(["-T", "t8", "--file-extension", "sh", "-C", "bash @TASK@", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let records = try await bench.summaryRecords()
        #expect(records.map { $0["task_file"] } == [bench.root.file("t8/good.sh")])
        #expect(records.map { $0["status"] } == ["SUCCESS"])
    }

    /// A task file whose name is not UTF-8 is that one task's ERROR, naming it with its other bytes escaped; the
    /// other tasks run.
    @Test func aFileNameThatIsNotUTF8IsItsTasksError() async throws {
        let bench = try benchWithALatin1Name(suffix: ".sh")
        defer { bench.root.remove() }
        let outcome = try await bench.prx(["-T", "t8/*.sh", "-C", "bash @TASK@", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let records = try await bench.summaryRecords()
        let escaped = bench.root.file("t8/caf\\xe9.sh")
        let good = try #require(records.first { $0["task_file"] == bench.root.file("t8/good.sh") })
        #expect(good["status"] == "SUCCESS")
        let bad = try #require(records.first { $0["task_file"] == escaped }, "\(records)")
        #expect(bad["status"] == "ERROR")
        let message = "task file \(escaped): its name is not UTF-8, which prx cannot pass to a command (-T)"
        #expect(bad["error_message"] == message)
        #expect(records.count == 2)
    }

    /// A pattern's letter that is not ASCII matches it in a name that is not UTF-8 too (`é*` matches `é` followed by
    /// byte FF), as `glob` matched it: the file is its task's ERROR, where matching the name a byte a character left
    /// it out unseen and the run succeeded.
    @Test func aNonASCIILetterMatchesInANameThatIsNotUTF8() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("d/é.sh", "echo ok\n")
        createEmptyFile(Array(bench.root.file("d/é").utf8) + [0xFF] + Array(".txt".utf8))
        let outcome = try await bench.prx(["-T", "d/é*", "-C", "bash @TASK@", "-r"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let records = try await bench.summaryRecords()
        let escaped = bench.root.file("d/\\xc3\\xa9\\xff.txt")
        let bad = try #require(records.first { $0["task_file"] == escaped }, "\(records)")
        #expect(bad["status"] == "ERROR")
        let message = "task file \(escaped): its name is not UTF-8, which prx cannot pass to a command (-T)"
        #expect(bad["error_message"] == message)
        #expect(records.count == 2)
    }
}
