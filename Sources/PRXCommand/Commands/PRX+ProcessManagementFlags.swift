extension PRX {
    /// The warning that names the flags given beside `--list-workers` or `-k` that neither uses (`-T/--TasksDir,
    /// -C/--Command and -r/--run are not used with --list-workers`), `nil` when there is none.
    ///
    /// parallelr takes any of its flags there and answers the listing or the kill alone, so prx does too, exit status
    /// and all; but it said nothing of them, so that `prx --list-workers -T x -C echo -r` read as though a run had
    /// been asked for, and `prx --list-workers -k PID` stopped nothing. What the two do use is not named: `-k`'s PID
    /// and `--yes` (which `--list-workers` refuses), and `PRX_HOME`, which is no flag. `--resume` is refused before
    /// this.
    var processManagementWarning: String? {
        guard listWorkers || kill else { return nil }
        let others: [(Bool, String)] = [
            (run, "-r/--run"), (daemon, "-D/--daemon"), (listWorkers && kill, "-k/--kill"),
            (validateConfig, "--validate-config"), (showConfig, "--show-config"),
            (checkDependencies, "--check-dependencies"),
        ]
        let ignored = runShapingFlags + others.filter(\.0).map(\.1)
        guard let last = ignored.last else { return nil }
        let named = ignored.count == 1 ? last : ignored.dropLast().joined(separator: ", ") + " and " + last
        let mode = listWorkers ? "--list-workers" : "-k/--kill"
        return "\(named) \(ignored.count == 1 ? "is" : "are") not used with \(mode)"
    }
}
