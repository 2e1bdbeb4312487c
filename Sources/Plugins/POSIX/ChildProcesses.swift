#if os(Linux)
import Foundation
import Glibc

/// prx's own child processes, and prx as the reaper of its descendants' orphans.
enum ChildProcesses {
    /// Makes prx the reaper of the orphans of its descendants (`PR_SET_CHILD_SUBREAPER`, Linux 3.4): a process
    /// whose parent exits becomes a child of prx rather than of init, so that prx can find it, stop it and reap
    /// it, even when it left its task's session.
    ///
    /// The corresponding C function is `prctl`.
    static func becomeSubreaper() throws(Errno) {
        _ = try retryingInterrupts { GNULibC.becomeChildSubreaper() }
    }

    /// The ids of prx's children, those of every thread, zombies included (`/proc/self/task/*/children`); empty
    /// where the kernel does not list them.
    static func list() -> [ProcessID] {
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        var children: [ProcessID] = []
        for thread in threads {
            guard let text = try? String(contentsOfFile: "/proc/self/task/\(thread)/children", encoding: .utf8)
            else { continue }
            children += text.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }
                .map(ProcessID.init(rawValue:))
        }
        return children
    }

    /// Reaps one exited child of prx's in the process group `group`; returns whether there was one.
    ///
    /// The corresponding C function is `waitpid`.
    static func reapExited(inGroup group: ProcessID) -> Bool {
        var status: Int32 = 0
        let reaped = try? retryingInterrupts { waitpid(-group.rawValue, &status, WNOHANG) }
        return (reaped ?? 0) > 0
    }
}
#endif
