import Foundation
import Synchronization

/// Whether one of prx's own readers reads standard input by a path naming it (`-A /dev/stdin`, an `args-file` source's
/// `file`, `prx.lines("/dev/stdin")`), standard input being a stream (a pipe, a FIFO, a terminal, a socket): from then
/// on a read of it in Lua code (`io.read()` in a hook or a recipe function the run calls) would take lines from that
/// reader, the two splitting the stream between them without a word, so Lua's reads of it are refused
/// (``refusal(ofReadingBy:)``, ``refusal(ofOpening:by:)``), as the reader's opening is refused when Lua code read
/// ahead of it first. A regular file is opened anew at its start by its path, apart from what Lua reads: nothing is
/// refused then. It also knows whether prx loaded Lua code from standard input (``luaFileRead``), whose readers would
/// read that code, whatever standard input is.
package enum StandardInputReading {
    private static let readerPath = Mutex<String?>(nil)
    /// The Lua file prx loaded from standard input, as messages name it (``noteLoadedLuaFile(named:)``).
    private static let luaFileName = Mutex<String?>(nil)

    /// Notes that prx loaded the Lua file messages name `name` (a recipe read as `prx run -`, `stdin`, or a Lua file
    /// given as `/dev/stdin`) from standard input: what is there is that code, which a reader of prx's opening it by
    /// a path would read as its lines (``luaFileRead``).
    package static func noteLoadedLuaFile(named name: String) {
        luaFileName.withLock { known in
            if known == nil { known = name }
        }
    }

    /// The Lua file prx loaded from standard input, as messages name it; `nil` when it loaded none from there. A reader
    /// of prx's opening standard input by a path (`-A /dev/stdin`, an `args-file` source's `file`, `prx.lines`) would
    /// read that code as its lines: from a pipe, nothing, the code having taken it all (a run of no task, exit 0); from
    /// a regular file, opened anew at its start, the code itself, each line a task.
    package static var luaFileRead: String? {
        luaFileName.withLock { $0 }
    }

    /// Notes that one of prx's readers opened `path`, which names standard input (by descriptor 0).
    ///
    /// The corresponding C function is `fstat` (of standard input).
    package static func noteOpened(_ path: String) {
        guard FileIdentity(of: .standardInput)?.hasOffsets == false else { return }
        readerPath.withLock { known in
            if known == nil { known = path }
        }
    }

    /// Why Lua code may not read standard input with `function` (`io.read`, `io.lines`, `io.stdin:read`) now: `io.read:
    /// prx reads standard input as /dev/stdin (-A, an args-file source's file or prx.lines), whose lines a read in Lua
    /// would take: read standard input in Lua alone, or by its path alone`; `nil` when no reader of prx's reads it.
    package static func refusal(ofReadingBy function: String) -> String? {
        readerPath.withLock { $0 }.map { "\(function): \(conflict(readAs: $0))" }
    }

    /// Why Lua code may not open `path` (from prx's directory) with `function` (`io.open`, `io.lines`, `io.input`) now:
    /// it names standard input, which one of prx's readers reads (``refusal(ofReadingBy:)``); `nil` when it may.
    ///
    /// The corresponding C function is `readlink` (``OwnDescriptorPath``).
    package static func refusal(ofOpening path: String, by function: String) -> String? {
        guard let reader = readerPath.withLock({ $0 }) else { return nil }
        guard OwnDescriptorPath.namesStandardInput(path) else { return nil }
        return "\(function) \(path) names prx's standard input: \(conflict(readAs: reader))"
    }

    /// The words of both refusals after the function: what reads standard input, and what to do.
    private static func conflict(readAs path: String) -> String {
        "prx reads standard input as \(path) (-A, an args-file source's file or prx.lines), whose lines a read in Lua "
            + "would take: read standard input in Lua alone, or by its path alone"
    }
}
