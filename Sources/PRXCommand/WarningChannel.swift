import Foundation
import PRXPlugins
import Synchronization

/// Where warnings go: one line on standard error (`prx: warning: …`) at once, and the run's main log once it
/// is open, warnings that came before it included. A daemon's Lua `print` goes to the main log alone the same way
/// (``log(printed:)``). A warning that the signal watchdog may give in prx's place on
/// standard error is written to the log ahead of its line there (``logAhead(_:)``).
///
/// A warning is one line wherever it goes: its control characters are written as escapes
/// (``ControlCharacterEscaping``), here and nowhere before, so that a line break in a file's name, a path or a Lua
/// error's message cannot start a line of its own, nor an escape sequence act on the terminal.
final class WarningChannel: Sendable {
    private struct State {
        var log: RunLog?
        /// What waits for the log: each entry's level and lines.
        var early: [(level: LogLevel, lines: [String])] = []
        /// The warnings written to the log ahead of their line on standard error (``logAhead(_:)``), escaped, each
        /// until ``warn(_:)`` gives it.
        var loggedAhead: [String] = []
    }

    private let state = Mutex(State())

    /// Reports one warning, on a line of its own after a line Lua code left begun on standard error
    /// (``StandardErrorLine``); a standard error that cannot be written (closed, full) costs the line there only.
    func warn(_ text: String) {
        let message = ControlCharacterEscaping.escaped(text)
        StandardErrorLine.write(Self.line(ofEscaped: message))
        let log = state.withLock { state -> RunLog? in
            if let ahead = state.loggedAhead.firstIndex(of: message) {
                state.loggedAhead.remove(at: ahead)
                return nil
            }
            if state.log == nil { state.early.append((.warning, [message])) }
            return state.log
        }
        try? log?.log(.warning, message)
    }

    /// Writes what a daemon's Lua code printed, `text` (Lua's `print` line, without its line break), to the run's main
    /// log alone, an INFO entry `Lua print: text` of as many lines as `text` has, its control characters as escapes:
    /// the daemon's standard output is `/dev/null`. Before the log is open, it waits for it, as a warning does.
    func log(printed text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            index == 0 ? "Lua print: \(line)" : String(line)
        }
        let log = state.withLock { state -> RunLog? in
            if state.log == nil { state.early.append((.info, lines)) }
            return state.log
        }
        try? log?.log(.info, lines: lines)
    }

    /// Writes the warning of `text` to the run's main log now, and leaves its line on standard error to the
    /// ``warn(_:)`` of the same text that comes later, which then writes that line alone. For a warning prx gives
    /// only once its summary report is written, which the signal watchdog gives in prx's place, on standard error
    /// alone, when the report holds prx (``ReportPendingWatchdogSink``): the log has it either way, as it has every
    /// other warning. Nothing without a main log.
    func logAhead(_ text: String) {
        let message = ControlCharacterEscaping.escaped(text)
        let log = state.withLock { state -> RunLog? in
            if state.log != nil { state.loggedAhead.append(message) }
            return state.log
        }
        try? log?.log(.warning, message)
    }

    /// The line on standard error that warns of `text`, as ``warn(_:)`` writes it, for a warning written otherwise:
    /// by the signal watchdog as it ends prx (``ReportPendingWatchdogSink``).
    static func line(warningOf text: String) -> String {
        line(ofEscaped: ControlCharacterEscaping.escaped(text))
    }

    /// The warning of a sink that failed with `error`, its first (``PRXKernel/RunSummary/sinkErrors``).
    static func sinkFailure(_ error: String) -> String {
        "a sink failed: \(error)"
    }

    private static func line(ofEscaped message: String) -> String {
        "prx: warning: \(message)\n"
    }

    /// Sends the warnings so far, and every later one, to `log`.
    func attach(_ log: RunLog) {
        let early = state.withLock { state -> [(level: LogLevel, lines: [String])] in
            state.log = log
            defer { state.early.removeAll() }
            return state.early
        }
        for entry in early {
            try? log.log(entry.level, lines: entry.lines)
        }
    }
}
