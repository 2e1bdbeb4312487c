extension RunHistory {
    /// Whether `text` has the form ``newRunID(startTime:processID:)`` gives a run: eight digits of date, six of
    /// time and the PID, joined by `-` (`20261204-053113-25733`). Anything else names no journal of the history,
    /// and read as a path (`../../x`) would name a file outside it.
    public static func isRunID(_ text: String) -> Bool {
        let parts = text.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 8, parts[1].count == 6, (1...10).contains(parts[2].count) else {
            return false
        }
        return parts.allSatisfy { $0.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }
    }
}
