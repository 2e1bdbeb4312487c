import Foundation

/// One running prx process as the run registry records it: who it is, where it logs, how far it got.
struct RunEntry: Codable, Hashable, Sendable {
    /// The process id.
    var pid: Int32
    /// The process's identity when it registered, checked before the entry is trusted.
    var identity: ProcessIdentity
    /// What the process is doing: `running` while it runs tasks.
    var status: String
    /// When the run began (wall clock).
    var startTime: Date
    /// The run's main log.
    var logFile: String
    /// The run's summary CSV.
    var summaryFile: String
    /// Tasks finished so far.
    var finished: Int
    /// Tasks in the run, or `nil` while the source has not said (a streamed source never does).
    var total: Int?
    /// Seconds the run's executor may take to stop a task after `SIGTERM` (``Executor/stopGrace``), which `-k` waits
    /// out before its own grace; `nil` in the entries of an earlier prx.
    var stopGrace: Double?

    /// Progress as `finished/total`, or `finished/?` when the total is not known.
    var progress: String { "\(finished)/\(total.map(String.init) ?? "?")" }

    /// Whether the process `pid` names now is still the one that registered.
    var isLive: Bool { ProcessIdentity.of(pid) == identity }
}
