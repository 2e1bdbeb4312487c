import Synchronization

/// Where prx's standard error stands: at the start of a line, or after a line begun by Lua code (`io.stderr:write`
/// without a line break, as a `--hook` file loads), which prx's next line of its own would otherwise be joined to:
/// `loadingprx: error: …`, a line a person reads as Lua's, and which a daemon's launcher took for no error of prx's
/// (it looks for lines that start `prx: error: `), so that it said the daemon ended before its run began, exit 1,
/// where the same error in the foreground exits 2.
///
/// The Lua bridge notes each write of Lua code to standard error (``noteLuaWrite(endingLine:)``); prx writes its own
/// lines there through ``write(_:)``, which ends Lua's line first.
package enum StandardErrorLine {
    private static let isLeftBegun = Atomic<Bool>(false)

    /// Notes that Lua code wrote to standard error, ending its text with a line break (`endingLine`) or not.
    package static func noteLuaWrite(endingLine: Bool) {
        isLeftBegun.store(!endingLine, ordering: .relaxed)
    }

    /// Writes `line` (its line break included) to standard error, after a line break when Lua code left a line begun
    /// there; a standard error that cannot be written (closed, full) costs the line.
    ///
    /// The corresponding C function is `write`.
    package static func write(_ line: String) {
        let start = isLeftBegun.exchange(false, ordering: .relaxed) ? "\n" : ""
        try? FileDescriptor.standardError.writeAll(Array((start + line).utf8))
    }
}
