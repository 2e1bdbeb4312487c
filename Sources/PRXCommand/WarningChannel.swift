import Foundation
import PRXPlugins
import Synchronization

/// Where warnings go: one line on standard error (`prx: warning: …`) at once, and the run's main log once it
/// is open, warnings that came before it included.
///
/// A warning is one line wherever it goes: its control characters are written as escapes
/// (``ControlCharacterEscaping``), here and nowhere before, so that a line break in a file's name, a path or a Lua
/// error's message cannot start a line of its own, nor an escape sequence act on the terminal.
final class WarningChannel: Sendable {
    private struct State {
        var log: RunLog?
        var early: [String] = []
    }

    private let state = Mutex(State())

    /// Reports one warning; a standard error that cannot be written (closed, full) costs the line there only.
    func warn(_ text: String) {
        let message = ControlCharacterEscaping.escaped(text)
        try? FileDescriptor.standardError.writeAll(Array(Self.line(ofEscaped: message).utf8))
        let log = state.withLock { state -> RunLog? in
            if state.log == nil { state.early.append(message) }
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
        let early = state.withLock { state -> [String] in
            state.log = log
            defer { state.early.removeAll() }
            return state.early
        }
        for message in early {
            try? log.log(.warning, message)
        }
    }
}
