/// When a process started, which tells it apart from a later process given the same id.
public enum ProcessStart {
    /// When the live process `pid` started, in clock ticks since boot (field 22 of `/proc/PID/stat`), or `nil`
    /// when there is no such process or it has ended and awaits its parent's `wait` (a zombie). Two processes
    /// given one id never share a start tick: a recorded start that still matches proves the id still names the
    /// recorded process.
    public static func ticks(of pid: Int32) -> UInt64? {
        guard let stat = ProcessStat(of: pid), !stat.hasEnded else { return nil }
        return stat.startTicks
    }
}
