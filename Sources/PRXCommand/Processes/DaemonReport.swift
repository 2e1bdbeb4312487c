import PRXPlugins

/// What a daemon tells its launcher once its run has begun: its PID and its files.
///
/// It travels as one line on the daemon's standard error, `prx-daemon-ready {JSON}` (``DaemonLine``), among any
/// warnings or errors the daemon wrote before it.
struct DaemonReport: DaemonLine, Hashable, Sendable {
    /// The daemon's process id.
    var pid: Int32
    /// The run's main log.
    var logFile: String
    /// The run's summary CSV.
    var summaryFile: String
    /// Whether the daemon is in the run registry, where `--list-workers` and `-k` find it; a daemon that could not
    /// register itself has warned why.
    var isRegistered: Bool
    /// The name the run was started by (``InvocationName``), which the commands the announcement suggests are
    /// given with, as the summary's `Run:` line gives its own: `ptasker`, `prx-1.2`.
    var programName: String

    static let prefix = "prx-daemon-ready "

    /// Creates a report.
    init(pid: Int32, logFile: String, summaryFile: String, programName: String, isRegistered: Bool = true) {
        self.pid = pid
        self.logFile = logFile
        self.summaryFile = summaryFile
        self.programName = programName
        self.isRegistered = isRegistered
    }

    /// Writes `lines` and the ``announcement`` to standard output, or, when standard output cannot take them (closed,
    /// `>&-`, or its reader gone), to standard error: the daemon runs either way, its PID is what stops it, and its
    /// launcher succeeds, where it failed with `cannot write to standard output` (exit status 1).
    func announce(after lines: [String]) {
        let text = Array((lines.map { $0 + "\n" }.joined() + announcement).utf8)
        do {
            try FileDescriptor.standardOutput.writeAll(text)
        } catch {
            try? FileDescriptor.standardError.writeAll(text)
        }
    }

    /// What the launcher prints before it exits: how to follow and stop the daemon, with the program it was started
    /// by (``programName``) when it is in the run registry, else with its log and `kill`, since `-k` refuses a process
    /// the registry does not have. The line starts `prx:`, as prx's error and warning lines do under any name.
    ///
    /// Each command is the rest of its line, as each file is, so that it is pasted as it is: the name is quoted as a
    /// shell reads a program's name (``ShellWords/quoteProgram(_:)``: `'it'"'"'s prx' -k 42`, `'prx=2' -k 42`), quotes
    /// that quotes around the command could not be told from. A file's control characters are written as escapes
    /// (``ControlCharacterEscaping``), as the summary report names the same files: a line break in a `log.path` ended
    /// its line early, and an escape sequence acted on the terminal.
    var announcement: String {
        let program = ShellWords.quoteProgram(programName)
        let follow = isRegistered
            ? "Follow it with: \(program) --list-workers\nStop it with: \(program) -k \(pid)"
            : "It is not in the run registry, so --list-workers and -k do not see it: follow it in its log.\n"
                + "Stop it with: kill \(pid)"
        return """
            prx: daemon started, PID \(pid)
            Log file: \(ControlCharacterEscaping.escaped(logFile))
            Summary file: \(ControlCharacterEscaping.escaped(summaryFile))
            \(follow)

            """
    }
}
