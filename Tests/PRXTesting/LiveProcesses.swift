import Foundation

/// Finds running processes by their command line, to prove that nothing outlives a run.
public enum LiveProcesses {
    /// The PIDs of live (not zombie) processes whose command line contains `marker`.
    public static func matching(_ marker: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), pid != getpid(),
                let commandLine = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), isRunning(pid)
            else { return nil }
            let text = String(decoding: commandLine.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return text.contains(marker) ? pid : nil
        }
    }

    /// The parent of process `pid`, from `/proc/PID/stat`; `nil` when it is gone.
    public static func parent(of pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let fields = stat.split(separator: ")").last?.split(separator: " "), fields.count > 1
        else { return nil }
        return Int32(fields[1])
    }

    /// Whether process `pid` runs: it is there and no zombie.
    public static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return stat.split(separator: ")").last?.split(separator: " ").first != "Z"
    }

    /// The children of process `pid`, alive or zombies.
    public static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { parent(of: $0) == pid }
    }

    /// The orphan guard of the prx of process id `prx`: its child named `prx-guard`, alive or a zombie.
    public static func orphanGuard(of prx: Int32) -> Int32? {
        children(of: prx).first { pid in
            (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) == "prx-guard\n"
        }
    }

    /// Waits up to `seconds` for the orphan guard of the prx of process id `prx` to be found (``orphanGuard(of:)``):
    /// the guard names itself once forked, which on a loaded machine can wait for a core after prx's tasks have
    /// started; its PID, or `nil`.
    public static func awaitOrphanGuard(of prx: Int32, seconds: Double = 20) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        var found = orphanGuard(of: prx)
        while found == nil && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
            found = orphanGuard(of: prx)
        }
        return found
    }

    /// Waits up to `seconds` for `count` processes or more to match `marker`; returns how many match then. A process
    /// prx forked that has not changed yet (prx's program, its parent's command line: a task's leader before its
    /// `exec`, or prx's orphan guard before it writes its title, which on a loaded machine can wait a while for a core)
    /// is not counted: it is not yet the process a test counts, and would make one more.
    public static func awaitCount(_ marker: String, atLeast count: Int, seconds: Double = 20) async -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        func counted() -> Int { matching(marker).count { !isUnchangedForkOfPRX($0) } }
        var found = counted()
        while found < count && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
            found = counted()
        }
        return found
    }

    /// Whether process `pid` runs a prx binary (`prx`, `prx-with-test-plugins`, as `/proc/PID/exe` names it) with its
    /// parent's command line: forked by prx, and neither exec'd nor retitled yet.
    private static func isUnchangedForkOfPRX(_ pid: Int32) -> Bool {
        guard let program = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe"),
            (program as NSString).lastPathComponent.hasPrefix("prx"), let parent = parent(of: pid),
            let commandLine = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
        else { return false }
        return FileManager.default.contents(atPath: "/proc/\(parent)/cmdline") == commandLine
    }

    /// Waits up to `seconds` for every process matching `marker` to be gone; returns the survivors.
    public static func awaitGone(_ marker: String, seconds: Double = 5) async -> [Int32] {
        let deadline = Date().addingTimeInterval(seconds)
        var survivors = matching(marker)
        while !survivors.isEmpty && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
            survivors = matching(marker)
        }
        return survivors
    }
}
