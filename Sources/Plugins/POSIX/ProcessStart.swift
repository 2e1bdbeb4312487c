/// When a process started, which tells it apart from a later process given the same id.
public enum ProcessStart {
    /// When the live process `pid` started, in clock ticks since boot (field 22 of `/proc/PID/stat`), or `nil`
    /// when there is no such process or it has ended and awaits its parent's `wait` (a zombie). Two processes
    /// given one id never share a start tick: a recorded start that still matches proves the id still names the
    /// recorded process.
    public static func ticks(of pid: Int32) -> UInt64? {
        guard let file = try? LineStream(path: "/proc/\(pid)/stat"), let line = (try? file.nextLine()) ?? nil,
            let nameEnd = line.text.lastIndex(of: ")")
        else { return nil }
        // The name in parentheses may itself hold spaces and parentheses; the fields after its last ')' start at
        // field 3, the state.
        let fields = line.text[line.text.index(after: nameEnd)...].split(separator: " ")
        guard fields.count > 19, fields[0] != "Z", fields[0] != "X" else { return nil }
        return UInt64(fields[19])
    }
}
