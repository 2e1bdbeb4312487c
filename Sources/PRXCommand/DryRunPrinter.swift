import Foundation

/// Prints a dry run's lines to standard output 64 KiB at a time, so that a million tasks' lines are never all in
/// memory and do not cost a `write` each.
struct DryRunPrinter {
    private var pending = ""

    /// Adds `line` and its line end, writing out what has gathered once it passes 64 KiB.
    mutating func print(_ line: String) {
        pending += line
        pending += "\n"
        if pending.utf8.count > 65_536 {
            flush()
        }
    }

    /// Writes out what has gathered.
    mutating func flush() {
        guard !pending.isEmpty else { return }
        FileHandle.standardOutput.write(Data(pending.utf8))
        pending = ""
    }
}
