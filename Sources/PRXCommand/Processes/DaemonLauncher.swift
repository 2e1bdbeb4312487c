import Foundation
import PRXKernel
import PRXPlugins

/// Starts a run as a daemon (`-D`), detached from the terminal, and learns its PID and log files before
/// returning, so the launching prx can print them and exit 0; a signal before then stops the launch and the daemon
/// (``DaemonLaunchSignals``).
///
/// How: prx starts itself again (``executable``, with the same arguments) twice, the stage
/// in ``DaemonStage/variable``:
/// 1. the launcher (``launch(signals:forwarding:)``) spawns the session leader with `POSIX_SPAWN_SETSID`: a new
///    session, no controlling terminal; standard input and output on `/dev/null` (standard input kept when
///    ``keepsStandardInput``), standard error on a pipe back to the launcher; every other descriptor closed;
/// 2. the session leader (``spawnDaemon()``) spawns the daemon in its session and exits; the daemon, not a
///    session leader, can never acquire a controlling terminal, and the init process (or a subreaper) adopts
///    it, so a closed SSH session or terminal does not end it;
/// 3. the daemon says its PID on the pipe first thing (``DaemonStarted``), runs the command as usual and, once its
///    run is registered and its log is open, writes a ``DaemonReport`` on the pipe and moves its standard error to
///    `/dev/null` (``DaemonReadiness``).
///
/// Why not `fork`: by the time the command runs, Swift's concurrency runtime has started threads, and the
/// child of `fork` in a multi-threaded process may only make async-signal-safe calls until it calls `exec`,
/// which Swift code cannot promise (it may allocate, take runtime locks, run `atfork` handlers). Starting
/// a fresh process with `posix_spawn` has no such constraint, at the cost of starting prx twice more.
///
/// The daemon keeps the working directory (it does not change to `/`): relative paths in the flags mean what
/// they meant to the launcher, and task files are passed to commands as absolute paths anyway. It does keep
/// that directory in use. The umask is kept too.
struct DaemonLauncher {
    /// The program to start: prx itself.
    var executable = DaemonLauncher.ownProgram()
    /// Its arguments, its own name first: those of this process, `-D` included (the stage variable, not the
    /// flag, tells a copy what to do), so `ps` and `--list-workers` show the command the user typed.
    var arguments = CommandLine.arguments
    /// Its environment, without the stage variable: this process's, byte for byte, so that the daemon's tasks get
    /// the values prx was given, those that are not UTF-8 too.
    var environment = EnvironmentEntry.ofThisProcess()
    /// Whether the copies keep this process's standard input, not `/dev/null`: the daemon reads its tasks from it
    /// (`… | prx -D -A /dev/stdin`) after the launcher has returned.
    var keepsStandardInput = false

    /// Starts the session leader and reads the daemon's standard error until its ``DaemonReport``; any other
    /// line (a warning, the error that ended the daemon) goes to `forwarding` as it comes. With `signals`, a signal
    /// before the launcher has the report and returns it stops the launch and the daemon (``DaemonLaunchSignals``);
    /// without, signals keep their actions.
    ///
    /// - Throws: ``ExitCodeError`` (status 2) when the daemon ended on an error it reported itself (`prx: error:
    ///   …`, a bad flag value or task path, forwarded already); ``ExitCodeError`` (128 + the signal) once a signal
    ///   stopped the launch, said in one line to `forwarding`; ``CommandFailure`` (exit status 1) when the session
    ///   leader or the daemon could not start, or the daemon ended before its run began without a word.
    func launch(signals: DaemonLaunchSignals? = nil, forwarding: (String) -> Void) throws -> DaemonReport {
        if let signals, let first = signals.caught {
            throw signals.stop(by: first, after: nil, telling: forwarding)
        }
        let pipe: (readEnd: FileDescriptor, writeEnd: FileDescriptor)
        let leader: ProcessID
        do {
            pipe = try FileDescriptor.pipe()
            defer { pipe.writeEnd.close() }
            leader = try spawnBackgroundProgram(
                executable, arguments: arguments, environment: variables(stage: .sessionLeader),
                standardError: pipe.writeEnd, newSession: true, keepingInput: keepsStandardInput)
        } catch {
            throw CommandFailure(message: "cannot start the daemon: \(error)", exitStatus: 1)
        }
        defer { pipe.readEnd.close() }
        var reportedError = false
        let report = readReport(from: pipe.readEnd) { started in
            signals?.follow(started)
        } forwarding: { line in
            reportedError = reportedError || line.hasPrefix("prx: error: ")
            forwarding(line)
        }
        let leaderStatus = Self.exitStatus((try? leader.wait(blocking: true))?.status)
        // A daemon that ended on an error of its own said why: that is what ended the launch.
        if let signals, report != nil || !reportedError, let first = signals.claimAnnouncement() {
            throw signals.stop(by: first, after: report, telling: forwarding)
        }
        if let report { return report }
        if reportedError { throw ExitCodeError(status: 2) }
        let reason = leaderStatus == 0
            ? "the daemon ended before its run began"
            : "the daemon's session leader failed with exit status \(leaderStatus)"
        throw CommandFailure(message: reason, exitStatus: 1)
    }

    /// The session leader's one job: starts the daemon in this session, standard error inherited (the pipe
    /// to the launcher), and returns; the caller then exits 0.
    ///
    /// - Throws: ``CommandFailure`` (exit status 1), which reaches the launcher on the pipe.
    func spawnDaemon() throws(CommandFailure) {
        do {
            _ = try spawnBackgroundProgram(
                executable, arguments: arguments, environment: variables(stage: .daemon),
                standardError: .standardError, newSession: false, keepingInput: keepsStandardInput)
        } catch {
            throw CommandFailure(message: "cannot start the daemon: \(error)", exitStatus: 1)
        }
    }

    /// The path of this process's program, which `/proc/self/exe` links to, so that the daemon's process name
    /// (`ps`, `pgrep prx`, `/proc/PID/comm`: the last part of the path it was started by) is prx's, not `exe`;
    /// `/proc/self/exe` itself when that path no longer runs this program (it was deleted, or replaced).
    static func ownProgram() -> String {
        let link = "/proc/self/exe"
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: link),
              FileIdentity.sameFile(link, path)
        else { return link }
        return path
    }

    /// Whether `path` is this process's standard input, as ``isStandardInput(atBytes:)`` tells of its UTF-8.
    static func isStandardInput(_ path: String) -> Bool {
        isStandardInput(atBytes: Array(path.utf8))
    }

    /// Whether the file at the path whose bytes (UTF-8 or not) are `path` is this process's standard input
    /// (`/dev/stdin`, `/dev/fd/0`, or the file it was redirected from): the same file, by device and inode.
    ///
    /// The corresponding C functions are `stat` and `fstat` (``FileStatus``).
    static func isStandardInput(atBytes path: [UInt8]) -> Bool {
        guard let input = FileIdentity(of: .standardInput) else { return false }
        return input == (try? FileStatus(ofFileAtBytes: path))?.identity
    }

    /// The exit status a shell would give for `termination` (128 + the signal when a signal ended it); 0 when it is
    /// not known.
    private static func exitStatus(_ termination: TerminationStatus?) -> Int32 {
        switch termination {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        case nil: 0
        }
    }

    /// Reads lines until a report or end of file, handing the daemon's first line to `started` and forwarding the
    /// others.
    private func readReport(
        from readEnd: FileDescriptor, started: (DaemonStarted) -> Void, forwarding: (String) -> Void
    ) -> DaemonReport? {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = (try? chunk.withUnsafeMutableBytes { (buffer) throws(Errno) -> Int in
                try readEnd.read(into: buffer)
            }) ?? 0
            if count == 0 {
                if !pending.isEmpty { forwarding(String(decoding: pending, as: UTF8.self) + "\n") }
                return nil
            }
            pending += chunk[..<count]
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                if let report = DaemonReport(line: line) { return report }
                if let daemon = DaemonStarted(line: line) {
                    started(daemon)
                } else {
                    forwarding(line + "\n")
                }
            }
        }
    }

    /// The environment, with the stage variable set to `stage`; the launcher (starting the session leader) hands its
    /// own PID on too (``DaemonStage/launcherVariable``), which the session leader passes on.
    private func variables(stage: DaemonStage) -> [EnvironmentEntry] {
        var variables = environment
        variables.set(DaemonStage.variable, to: stage.rawValue)
        if stage == .sessionLeader { variables.set(DaemonStage.launcherVariable, to: String(ProcessID.own.rawValue)) }
        return variables
    }
}
