/// The open descriptors a run's workers need, and how many workers the process's limit on them holds.
///
/// Per task in flight prx holds 3 descriptors (the two pipes' read ends and the pidfd), and the two write ends
/// while the task starts; of its own it holds about 16 (standard streams, the task file, the log, summary, output
/// and journal files, two epoll instances, two eventfds, a timerfd, a socket, the signal pipe), more with `--json`,
/// Lua files or descriptors inherited from whoever started prx. Each count here keeps a margin over those.
enum DescriptorBudget {
    /// The descriptors counted for each task in flight.
    static let perWorker = 4
    /// The descriptors counted for prx itself.
    static let reserved = 32

    /// The descriptors `workers` tasks at once need, prx's own included.
    static func needed(forWorkers workers: Int) -> Int {
        perWorker * workers + reserved
    }

    /// The most workers `limit` descriptors hold, and never fewer than one.
    static func workers(within limit: Int) -> Int {
        max(1, (limit - reserved) / perWorker)
    }

    /// The workers to run when `asked` were asked for: all of them when the hard descriptor limit holds them, else as
    /// many as it does, which `warn` is told of once. The soft limit is raised, within the hard one, to what the
    /// workers run need. Called before anything is started or reports the worker count.
    static func workersToRun(asked: Int, warn: (String) -> Void) -> Int {
        var workers = asked
        let needed = needed(forWorkers: asked)
        if let hard = ProcessWideSettings.descriptorHardLimit(), hard < needed {
            workers = min(asked, Self.workers(within: hard))
            warn("-m \(asked) needs about \(needed) open files; the limit is \(hard) (ulimit -n): running \(workers) "
                + (workers == 1 ? "worker" : "workers"))
        }
        ProcessWideSettings.raiseDescriptorLimit(to: Self.needed(forWorkers: workers))
        return workers
    }
}
