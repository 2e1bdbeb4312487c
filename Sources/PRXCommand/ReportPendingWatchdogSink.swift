import CSystem
import PRXKernel

/// Tells the signal watchdog, while the summary report is written to standard output, that the report alone is left
/// of the run, the exit status the run ends with, and the sinks that failed, if any
/// (``csystem_watchdog_report_pending``). A report held past the watchdog's patience after a signal (a standard output
/// no one reads) then ends prx with the run's own status and a warning that the report is not printed, as the README
/// says a signal during the report does; the watchdog said the run's results were lost and exited with 128 + the
/// signal, though all were written. When results were lost (a sink failed: the JSON file on that same standard
/// output, `--json /dev/stdout`, whose writes a signal gave up), the watchdog first gives the warnings naming the
/// sinks that failed, which prx gives only once the report is written, and says that not every result is written: it
/// said every result was, and no line named the sink. Those warnings are written to the run's main log as the report
/// begins (``WarningChannel/logAhead(_:)``), since the watchdog, which ends prx from a thread of its own while the
/// report's write holds it, writes to standard error alone: the log had none of them.
struct ReportPendingWatchdogSink: WrappingSink {
    /// The summary report's sink.
    var base: any Sink
    /// Where the run's warnings go, its main log among them.
    let warnings: WarningChannel
    /// The exit status of the run that ended with a summary, as prx would end it.
    let exitStatus: (RunSummary) -> Int32

    mutating func receive(_ event: RunEvent) throws {
        guard case .runFinished(let summary) = event else { return try base.receive(event) }
        let status = exitStatus(summary)
        if summary.resultsLost {
            let losses = summary.sinkErrors.map(WarningChannel.sinkFailure)
            for loss in losses {
                warnings.logAhead(loss)
            }
            losses.map(WarningChannel.line(warningOf:)).joined().withCString {
                csystem_watchdog_report_pending(status, $0)
            }
        } else {
            csystem_watchdog_report_pending(status, nil)
        }
        defer { csystem_watchdog_report_pending(-1, nil) }
        try base.receive(event)
    }
}
