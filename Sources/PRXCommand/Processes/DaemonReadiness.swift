import PRXPlugins

/// The daemon's side of its launch: once its run has begun, tell the launcher, and let go of the launcher's
/// pipe.
///
/// Until then the daemon's standard error is a pipe to the launcher, so an error that ends the daemon early
/// (a missing task folder, a bad `--set`) reaches the user's terminal. Afterwards standard error is
/// `/dev/null` like standard input and output: everything the run says is in its log files.
enum DaemonReadiness {

    /// Writes `report` to standard error, on a line of its own (``StandardErrorLine``), then points standard error at
    /// `/dev/null`.
    ///
    /// A launcher that has gone (its terminal closed) does not stop the daemon: the write fails with `EPIPE`,
    /// which is ignored, `SIGPIPE` being ignored by prx (``CommandLineEntry/run(arguments:registry:)``).
    static func announce(_ report: DaemonReport) throws(CommandFailure) {
        StandardErrorLine.write(report.line)
        do {
            let null = try FileDescriptor.openForReadingAndWriting("/dev/null")
            try null.duplicate(onto: .standardError)
            null.close()
        } catch {
            throw CommandFailure(message: "cannot point standard error at /dev/null: \(error)")
        }
    }
}
