import CSystem
import PRXKernel

/// Tells the signal watchdog, while the summary report is written to standard output, that the report alone is left
/// of the run, every result written, and the exit status the run ends with (``csystem_watchdog_report_pending``). A
/// report held past the watchdog's patience after a signal (a standard output no one reads) then ends prx with the
/// run's own status and a warning that the report is not printed, as the README says a signal during the report
/// does; the watchdog said the run's results were lost and exited with 128 + the signal, though all were written.
struct ReportPendingWatchdogSink: Sink {
    /// The summary report's sink.
    var base: any Sink
    /// The exit status of the run that ended with a summary, as prx would end it.
    let exitStatus: (RunSummary) -> Int32

    mutating func receive(_ event: RunEvent) throws {
        guard case .runFinished(let summary) = event else { return try base.receive(event) }
        csystem_watchdog_report_pending(exitStatus(summary))
        defer { csystem_watchdog_report_pending(-1) }
        try base.receive(event)
    }

    func flush() throws {
        try base.flush()
    }

    var watchesOutput: Bool { base.watchesOutput }

    mutating func receiveOutput(_ chunk: OutputChunk) throws {
        try base.receiveOutput(chunk)
    }
}
