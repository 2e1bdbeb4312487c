import Foundation
import PRXPlugins

/// What a daemon tells its launcher first thing, long before its ``DaemonReport``: its process id and when it started,
/// so that a launcher interrupted meanwhile can stop it (``DaemonLaunchSignals``), and only it, should the id be given
/// to another process once the daemon has ended.
///
/// It travels as one line on the daemon's standard error, `prx-daemon-started {JSON}` (``DaemonLine``), which the
/// launcher keeps to itself.
struct DaemonStarted: DaemonLine, Hashable, Sendable {
    /// The daemon's process id.
    var pid: Int32
    /// When it started, in clock ticks since boot (``ProcessStart``).
    var startTicks: UInt64

    static let prefix = "prx-daemon-started "

    /// Whether `pid` still names the daemon, alive: it is there, no zombie, and started at ``startTicks``.
    var isRunning: Bool { ProcessStart.ticks(of: pid) == startTicks }

    /// Tells the launcher, on standard error, that this process, the daemon, has started.
    static func tellLauncher() {
        let pid = ProcessID.own.rawValue
        guard let ticks = ProcessStart.ticks(of: pid) else { return }
        try? FileDescriptor.standardError.writeAll(Array(DaemonStarted(pid: pid, startTicks: ticks).line.utf8))
    }
}
