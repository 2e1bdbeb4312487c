import Glibc

/// What prx reads of a process's `/proc/PID/stat`: its state, group, session, CPU time and when it started. The
/// fields of one read are those of one process: read apart (`getsid`, then `getpgid`), they could be two processes',
/// should the first end in between and its id be given to another.
struct ProcessStat {
    /// The fields after the process's name, from field 3 (the state) on.
    private let fields: [Substring]

    /// Reads the line of process `pid`; `nil` when there is no such process or its line is not what the kernel
    /// writes.
    init?(of pid: Int32) {
        guard let file = try? LineStream(path: "/proc/\(pid)/stat"), let line = (try? file.nextLine()) ?? nil,
            let nameEnd = line.text.lastIndex(of: ")")
        else { return nil }
        // The name in parentheses may itself hold spaces and parentheses: the fields start after its last ')'.
        let fields = line.text[line.text.index(after: nameEnd)...].split(separator: " ")
        guard !fields.isEmpty else { return nil }
        self.fields = fields
    }

    /// Whether the process has ended and only its parent's `wait` is missing: a zombie (`Z`), or dead (`X`) as its
    /// parent reaps it.
    var hasEnded: Bool { fields[0] == "Z" || fields[0] == "X" }

    /// The id of the process's group (field 5).
    var groupID: Int32? { fields.count > 3 ? Int32(fields[2]) : nil }

    /// The id of the process's session (field 6).
    var sessionID: Int32? { fields.count > 3 ? Int32(fields[3]) : nil }

    /// Whether the process runs or waits for a CPU (`R`), or sleeps uninterruptibly (`D`, most often for the disk):
    /// it waits for nothing but the machine.
    var isRunnable: Bool { fields[0] == "R" || fields[0] == "D" }

    /// The CPU time the process has had, in user and system mode (fields 14 and 15), in clock ticks
    /// (``ticksPerSecond``).
    var cpuTicks: UInt64? {
        guard fields.count > 12, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { return nil }
        return user + system
    }

    /// When the process started, in clock ticks since boot (field 22).
    var startTicks: UInt64? { fields.count > 19 ? UInt64(fields[19]) : nil }

    /// How many clock ticks `/proc` counts a second (`USER_HZ`, 100 on Linux).
    ///
    /// The corresponding C function is `sysconf(_SC_CLK_TCK)`.
    static let ticksPerSecond = UInt64(max(sysconf(Int32(_SC_CLK_TCK)), 1))
}
