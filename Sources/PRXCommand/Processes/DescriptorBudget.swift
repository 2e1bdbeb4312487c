import Foundation
import PRXPlugins

/// The open descriptors a run's workers need, and how many workers the process's limit on them holds.
///
/// Counted from what a run holds, as `ls /proc/PID/fd` shows it from a task: of prx's own, 21 with `--json`
/// (standard streams; Dispatch's epoll set, event counter and timer; the orphan guard's socket and process
/// descriptor; the signal pipes; the arguments file; the log, summary, output, journal and JSON files; the process
/// monitor's epoll set and event counter), and one more for a file opened for a moment. Per task in flight, its
/// pidfd and the read ends of its two pipes, and, while it starts, the pipes' write ends too: as many tasks start at
/// once as Swift's pool has threads, one a core. Descriptors inherited from whoever started prx count on top.
enum DescriptorBudget {
    /// The descriptors prx holds of its own through a run, and one for a file opened for a moment.
    static let reserved = 22
    /// The descriptors each task in flight holds.
    static let perWorker = 3
    /// The descriptors a task holds beside those while it starts.
    static let perStart = 2

    /// How many tasks start at once at most: one a thread of Swift's pool, which has one a core.
    private static var startsAtOnce: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// The descriptors `workers` tasks at once need, prx's own included.
    static func needed(forWorkers workers: Int) -> Int {
        reserved + perWorker * workers + perStart * min(workers, startsAtOnce)
    }

    /// The most workers `limit` descriptors hold; 0 when not even one fits.
    static func workers(within limit: Int) -> Int {
        let room = limit - reserved
        let allStarting = (perWorker + perStart) * startsAtOnce
        guard room >= allStarting else { return max(0, room / (perWorker + perStart)) }
        return startsAtOnce + (room - allStarting) / perWorker
    }

    /// The workers to run when `asked` were asked for: all of them when the hard descriptor limit holds them, else as
    /// many as it does, which `warn` is told of once; throws, naming `ulimit -n`, when it holds not even one. The soft
    /// limit is raised, within the hard one, to what the workers run need. Called before anything is started or
    /// reports the worker count, and before the run makes its first file.
    static func workersToRun(asked: Int, warn: (String) -> Void) throws(CommandFailure) -> Int {
        var workers = asked
        let needed = needed(forWorkers: asked)
        if let hard = ProcessWideSettings.descriptorHardLimit(), hard < needed {
            workers = min(asked, Self.workers(within: hard))
            guard workers > 0 else {
                throw CommandFailure(message: "the limit on open files is \(hard) (ulimit -n): a run needs at least "
                    + "\(Self.needed(forWorkers: 1)), for prx's own files and one worker")
            }
            warn("-m \(asked) needs about \(needed) open files; the limit is \(hard) (ulimit -n): running \(workers) "
                + (workers == 1 ? "worker" : "workers"))
        }
        ProcessWideSettings.raiseDescriptorLimit(to: Self.needed(forWorkers: workers))
        return workers
    }
}
