import PRXPlugins

/// Prints a dry run's lines to standard output 64 KiB at a time, so that a million tasks' lines are never all in
/// memory and do not cost a `write` each.
struct DryRunPrinter {
    private var pending = ""

    /// Adds `line` and its line end, writing out what has gathered once it passes 64 KiB.
    ///
    /// - Throws: ``CommandFailure`` (exit status 1) when standard output cannot be written.
    mutating func print(_ line: String) throws(CommandFailure) {
        pending += line
        pending += "\n"
        if pending.utf8.count > 65_536 {
            try flush()
        }
    }

    /// `body`'s value (the source's next task); when it throws, what has gathered is written out first, so that
    /// the lines of the tasks before a source error are printed, as `-r` runs those tasks.
    mutating func beforeAnError<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            try? flush()
            throw error
        }
    }

    /// Adds the dry run's last line, counting the `tasks` printed, those of them `notRunnable` and those the run would
    /// then skip (`skipped`, after them in a recipe), and writes out what has gathered: `# dry run: 1 task; add -r to
    /// run it`, `# dry run: 4 tasks, 1 not runnable; add -r to run them`, `# dry run: 4 tasks, 1 not runnable, 2 would
    /// be skipped; add -r to run them`.
    ///
    /// A dry run that found a task it cannot run fails as the run would fail that task, once everything is printed,
    /// so that `prx … && prx … -r` does not pass a preflight the run will fail.
    ///
    /// - Throws: ``CommandFailure`` (exit status 1) when standard output cannot be written; then ``ExitCodeError``
    ///   (exit status 1) when `notRunnable` is not 0.
    mutating func finish(tasks: Int, notRunnable: Int, skipped: Int = 0) throws {
        let counted = tasks == 1 ? "1 task" : "\(tasks) tasks"
        let unrunnable = notRunnable > 0 ? ", \(notRunnable) not runnable" : ""
        let skipping = skipped > 0 ? ", \(skipped) would be skipped" : ""
        try print("# dry run: \(counted)\(unrunnable)\(skipping); add -r to run \(tasks == 1 ? "it" : "them")")
        try flush()
        if notRunnable > 0 { throw ExitCodeError(status: 1) }
    }

    /// Writes out what has gathered.
    ///
    /// - Throws: ``CommandFailure`` (exit status 1) when standard output cannot be written: closed, full, or a
    ///   pipe whose reader has gone.
    mutating func flush() throws(CommandFailure) {
        guard !pending.isEmpty else { return }
        defer { pending = "" }
        do {
            try FileDescriptor.standardOutput.writeAll(Array(pending.utf8))
        } catch {
            throw CommandFailure(
                message: SinkFileError.standardOutput(writing: "the dry run", error: error).description, exitStatus: 1)
        }
    }
}
