import Foundation
import PRXPlugins

/// What tells one process apart from a later one that is given the same id: when it started (clock ticks
/// since boot, field 22 of `/proc/PID/stat`) and its command line (`/proc/PID/cmdline`).
///
/// Two processes with one id never share a start tick, so a recorded identity that still matches proves the
/// id still names the recorded process.
struct ProcessIdentity: Codable, Hashable, Sendable {
    /// The start time, in clock ticks since boot.
    var startTicks: UInt64
    /// The arguments the process was started with, its own name first.
    var commandLine: [String]

    /// The identity of the live process `pid`, or `nil` when there is no such process or it has ended and
    /// awaits its parent's `wait` (a zombie).
    static func of(_ pid: Int32) -> ProcessIdentity? {
        guard let ticks = ProcessStart.ticks(of: pid),
            let commandLine = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
        else { return nil }
        let arguments = commandLine.split(separator: 0, omittingEmptySubsequences: false).dropLast()
        return ProcessIdentity(
            startTicks: ticks, commandLine: arguments.map { String(decoding: $0, as: UTF8.self) })
    }
}
