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

    /// Whether the kernel lists a thread's children (`/proc/thread-self/children`, `CONFIG_PROC_CHILDREN`), which
    /// ``list()`` reads.
    static var areListed: Bool {
        FileManager.default.fileExists(atPath: "/proc/thread-self/children")
    }

    /// The ids of prx's children, those of every thread, zombies included (`/proc/self/task/*/children`); empty
    /// where the kernel does not list them.
    ///
    /// Read with the C library alone: the monitor calls it every few hundred tasks for the whole run, and
    /// Foundation's directory listing and file reading left about 14 KB behind per call (60 MB over a million
    /// tasks, measured).
    ///
    /// The corresponding C functions are `opendir`, `readdir`, `open` and `read`.
    static func list() -> [ProcessID] {
        guard let directory = opendir("/proc/self/task") else { return [] }
        defer { closedir(directory) }
        var children: [ProcessID] = []
        while let entry = readdir(directory) {
            let thread = withUnsafeBytes(of: entry.pointee.d_name) { name in
                pid_t(String(decoding: name.prefix { $0 != 0 }, as: UTF8.self))
            }
            guard let thread else { continue }
            children += processIDs(in: "/proc/self/task/\(thread)/children")
        }
        return children
    }

    /// The process ids in a file of ids separated by spaces.
    private static func processIDs(in path: String) -> [ProcessID] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var ids: [ProcessID] = []
        var current: pid_t = 0
        var digits = 0
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            for byte in buffer[..<count] {
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    current = current &* 10 &+ pid_t(byte - UInt8(ascii: "0"))
                    digits += 1
                } else if digits > 0 {
                    ids.append(ProcessID(rawValue: current))
                    current = 0
                    digits = 0
                }
            }
        }
        if digits > 0 { ids.append(ProcessID(rawValue: current)) }
        return ids
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
