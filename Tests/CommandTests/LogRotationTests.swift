import Foundation
import PRXTesting
import Testing

/// The main log's rotation renames only a regular file: a log at a FIFO or a device grew past its size as lines went
/// through it, and prx renamed the FIFO or the device itself away and left regular files in its place.
@Suite(.runsProcesses) struct LogRotationTests {
    /// The settings of a log at `path` that would rotate every few lines, were it a regular file.
    private static func rotatingLog(at path: String) -> [String] {
        ["--set", "log.path=\(path)", "--set", "log.max_log_size_mb=0.0005"]
    }

    /// A log at a FIFO is not rotated: its reader gets every line, and the FIFO stays where it is, where it was
    /// renamed to `log.fifo.1` after a few lines, its reader got 5 lines and the rest went to regular files.
    @Test func aLogAtAFIFOIsNotRotated() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("args.txt", (1...50).map { "\($0)\n" }.joined())
        let fifo = bench.root.file("log.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = try FIFOReader(fifo)
        let run = try PRXProcess(
            ["-A", arguments, "-C", "echo @ARG@", "-r"] + Self.rotatingLog(at: fifo),
            home: bench.home, directory: bench.root.path)
        let lines = await reader.lines()
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(lines.filter { $0.contains("Starting task") }.count == 50)
        #expect(Self.fileType(at: fifo) == S_IFIFO)
        #expect(!FileManager.default.fileExists(atPath: fifo + ".1"))
    }

    /// A log at a character device, a copy of `/dev/null` made with `mknod` (never the real one), is not rotated:
    /// it was renamed to `null.1` and replaced by a regular file, and as root `log.path=/dev/null` renamed
    /// `/dev/null` itself once a run logged 10 MB.
    @Test(.enabled(if: getuid() == 0, "making a character device with mknod needs root"))
    func aLogAtADeviceIsNotRotated() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("args.txt", (1...50).map { "\($0)\n" }.joined())
        let null = bench.root.file("null")
        // Device 1:3, as `/dev/null` is: Linux encodes a small major number above the minor's 8 bits.
        try #require(mknod(null, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0)
        let outcome = try await bench.prx(["-A", arguments, "-C", "echo @ARG@", "-r"] + Self.rotatingLog(at: null))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(Self.fileType(at: null) == S_IFCHR)
        #expect(!FileManager.default.fileExists(atPath: null + ".1"))
    }

    /// A log that is never rotated, at a FIFO or a symbolic link to one, claims none of the names it would be rotated
    /// to: an arguments file named `log.fifo.1` is read, where the run was refused as the rotation's file.
    @Test(arguments: ["log.fifo", "link.fifo"])
    func aLogThatIsNotRotatedClaimsNoRotatedNames(log: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("\(log).1", (1...20).map { "\($0)\n" }.joined())
        let fifo = bench.root.file("log.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        try FileManager.default.createSymbolicLink(
            atPath: bench.root.file("link.fifo"), withDestinationPath: "log.fifo")
        let reader = try FIFOReader(fifo)
        let run = try PRXProcess(
            ["-A", "\(log).1", "-C", "echo @ARG@", "-r"] + Self.rotatingLog(at: log),
            home: bench.home, directory: bench.root.path)
        let lines = await reader.lines()
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(lines.filter { $0.contains("Starting task") }.count == 20)
    }

    /// The summary report says `(rotating)` of a main log only when it rotates: a regular file, with a size and a
    /// backup count above 0. It said so of `/dev/null`, which no run rotates, and of a log kept with no backups. A
    /// size of 0 never rotates, as Python's handler reads it (parallelr's): it was refused.
    @Test(arguments: [
        (["--set", "log.path=/dev/null"], "/dev/null", false),
        (["--set", "log.path=run.log", "--set", "log.backup_count=0"], "run.log", false),
        (["--set", "log.path=run.log", "--set", "log.max_log_size_mb=0"], "run.log", false),
        (["--set", "log.path=run.log"], "run.log", true),
    ])
    func theReportSaysRotatingOnlyOfALogThatRotates(settings: [String], log: String, rotates: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "bash @TASK@", "-r"] + settings)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let path = log.hasPrefix("/") ? log : bench.root.file(log)
        let line = "- Main Log: \(path)" + (rotates ? " (rotating)" : "") + "\n"
        #expect(outcome.stdout.contains(line), "\(outcome.stdout)")
    }

    /// A directory at a name the rotation would replace (`run.log.3`, the oldest of 3) or rename (`run.log.2`)
    /// stops the rotation before it renames anything: the warning names the directory, which stays where it is, and
    /// the log, rotated no more, keeps every line. The warning named `run.log.2` for a directory at `run.log.3`, and
    /// a directory at `run.log.2` was renamed to `run.log.3` at the first rotation. No result is lost, so the run
    /// succeeds and its history says so: the failure was a sink error, the run exited 1, and `prx history` said
    /// `finished (results lost)`.
    @Test(arguments: [3, 2])
    func aDirectoryAtABackupNameIsNamedAndNotRenamed(backup: Int) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let arguments = try bench.root.write("args.txt", (1...300).map { "\($0)\n" }.joined())
        let log = bench.root.file("ld/run.log")
        try FileManager.default.createDirectory(atPath: "\(log).\(backup)", withIntermediateDirectories: true)
        let outcome = try await bench.prx(
            ["-A", arguments, "-C", "echo @ARG@", "-r", "-m", "8", "--set", "log.path=\(log)",
             "--set", "log.max_log_size_mb=0.01", "--set", "log.backup_count=3"])
        let failure = "cannot rotate \(log): \(log).\(backup) is a directory"
        #expect(outcome.stderr.components(separatedBy: "prx: warning: \(failure)").count == 2, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("sink failed"), "\(outcome.stderr)")
        #expect(outcome.status == 0)
        let history = try await bench.prx(["history"])
        #expect(history.stdout.contains("finished") && !history.stdout.contains("results lost"), "\(history.stdout)")
        #expect(Self.fileType(at: "\(log).\(backup)") == S_IFDIR)
        #expect(Self.fileType(at: "\(log).\(backup + 1)") == 0)
        let logged = try [log, "\(log).1", "\(log).2", "\(log).3"]
            .filter { Self.fileType(at: $0) == S_IFREG }
            .flatMap { try String(contentsOfFile: $0, encoding: .utf8).split(separator: "\n") }
        #expect(logged.filter { $0.contains("Starting task") }.count == 300)
        #expect(logged.filter { $0.contains(" - WARNING - ") && $0.contains(failure) }.count == 1, "\(logged)")
    }

    /// The type bits (`S_IFIFO`, `S_IFCHR`, …) of what is at `path` itself, a symbolic link not followed; 0 for
    /// nothing.
    private static func fileType(at path: String) -> mode_t {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & S_IFMT : 0
    }
}
