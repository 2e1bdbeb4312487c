import Foundation
import PRXPlugins

/// The open descriptors a run's workers need, and how many workers the process's limit on them holds; for a run on an
/// executor whose tasks are local processes, which hold descriptors of prx's
/// (``ExecutorLimits/tasksAreLocalProcesses``), as `local`'s do.
///
/// Measured rather than summed: what prx holds when the workers are counted (standard streams and what its starter
/// left open, Dispatch's epoll set, event counter and timer, the orphan guard's channel and process descriptors) is
/// read from `/proc/self/fd`; the files the run opens after that are allowed for (``openedLater``: the log, summary,
/// output, journal and JSON files, the source's file, the process monitor's epoll set and event counter, the signal
/// reader's and the watchdog's pipes, `/dev/null` for the tasks' input: 13, and one for a plugin's file), and a
/// margin for files opened for a moment (``slack``: the run registry, a feedback file, a look through `/proc`). Per
/// task in flight, its pidfd and the read ends of its two pipes, and, while it starts, the pipes' write ends too: as
/// many tasks start at once as Swift's pool has threads, one a core. A sum of prx's own files alone fell short: it
/// counted 22 where a run with `--json` holds 24, and nothing its starter left open, so the last worker's start
/// failed with "Too many open files".
enum DescriptorBudget {
    /// The descriptors the run opens after the workers are counted.
    static let openedLater = 14
    /// The descriptors held for a moment during the run, beside those held throughout.
    static let slack = 6
    /// The descriptors each task in flight holds.
    static let perWorker = 3
    /// The descriptors a task holds beside those while it starts.
    static let perStart = 2

    /// How many tasks start at once at most: one a thread of Swift's pool, which has one a core.
    private static var startsAtOnce: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// The descriptors `workers` tasks at once need, when prx holds `held` before the run opens its files; `Int.max`
    /// when they are more than that, as for the workers a script configuration's `max_allowed_workers` lets a file ask
    /// for (`max_workers: 9223372036854775807`), whose sum overflowed and stopped prx.
    static func needed(forWorkers workers: Int, held: Int) -> Int {
        let beside = held + openedLater + slack + perStart * min(workers, startsAtOnce)
        guard workers <= (Int.max - beside) / perWorker else { return .max }
        return beside + perWorker * workers
    }

    /// The most workers `limit` descriptors hold when prx holds `held` before the run opens its files; 0 when not
    /// even one fits.
    static func workers(within limit: Int, held: Int) -> Int {
        let room = limit - held - openedLater - slack
        let allStarting = (perWorker + perStart) * startsAtOnce
        guard room >= allStarting else { return max(0, room / (perWorker + perStart)) }
        return startsAtOnce + (room - allStarting) / perWorker
    }

    /// The workers to run when `asked` were asked for: all of them when the hard descriptor limit holds them, else as
    /// many as it does, which `warn` is told of once, naming what asked for them by `askedAs`, the count with where it
    /// came from in the user's words (`-m 100`, `prx.yaml:3: limits.max_workers 100`, `recipe.lua:1: prx.config
    /// workers 100`); throws, naming `ulimit -n`, when it holds not even one. A soft
    /// limit lower than what the workers run need is raised to the hard one: the margin costs nothing, and an estimate
    /// cut to the last descriptor failed a start whenever one more was open than counted. Called before anything is
    /// started or reports the worker count, and before the run makes its first file.
    static func workersToRun(
        asked: Int, askedAs words: String, warn: (String) -> Void
    ) throws(CommandFailure) -> Int {
        guard let limits = ProcessWideSettings.descriptorLimits() else { return asked }
        // Only a descriptor numbered below the limit takes a place the run could use.
        let held = ProcessWideSettings.openDescriptors().filter { $0 < limits.hard }.count
        var workers = asked
        let needed = needed(forWorkers: asked, held: held)
        if limits.hard < needed {
            workers = min(asked, Self.workers(within: limits.hard, held: held))
            guard workers > 0 else {
                throw CommandFailure(message: "the limit on open files is \(limits.hard) (ulimit -n): a run needs at "
                    + "least \(Self.needed(forWorkers: 1, held: held)), for prx's own files and one worker")
            }
            let count = needed == .max ? "more than \(needed)" : "about \(needed)"
            warn("\(words) needs \(count) open files; the limit is \(limits.hard) (ulimit -n): running "
                + "\(workers) " + (workers == 1 ? "worker" : "workers"))
        }
        if limits.soft < Self.needed(forWorkers: workers, held: held) {
            ProcessWideSettings.raiseDescriptorLimit(to: limits.hard)
        }
        return workers
    }
}
