import PRXKernel

extension StatusCounts {
    /// The name of each status's count in prx's machine-readable outputs, in the order they write them: the `--json`
    /// summary line, the journal's `run_finished` and `run_progress` lines, `prx history --json`, and the tables a
    /// recipe's stop function and `on_done` receive. Each name means its status, and only it, in every one of them.
    public static let names: [(status: TaskStatus, name: String)] = [
        (.success, "succeeded"), (.failed, "failed"), (.timeout, "timed_out"), (.error, "errored"),
        (.cancelled, "cancelled"), (.skipped, "skipped"),
    ]

    /// The name of ``failures`` in the same outputs: the one count that adds statuses up.
    public static let failuresName = "failures"
}
