import Foundation
import PRXKernel

/// Writes a run as JSON Lines (`--json FILE`): one object per finished task, written the moment it finishes,
/// then one summary object when the run ends. Every line is a complete JSON object.
///
/// A task line:
/// ```json
/// {"type":"task","id":7,"label":"./tasks/t7.sh","argv":["bash","./tasks/t7.sh"],"status":"FAILED",
///  "exit_code":2,"signal":null,"start_time":"2025-09-29T14:30:15.123456+02:00",
///  "end_time":"2025-09-29T14:30:17.876543+02:00","duration":2.753,"worker_id":1,"job_id":"41233",
///  "host":null,"memory_mb":45.23,"cpu_percent":12.5,"stdout":"…","stderr":"…","message":null,
///  "attempts":1,"task_file":"./tasks/t7.sh"}
/// ```
/// (on one line). `exit_code` is set when the process exited, `signal` when a signal ended it; both are
/// `null` for a task that never ran, as are its `start_time` and `worker_id`. Times are local, ISO 8601 with
/// microseconds and the UTC offset; durations are in seconds.
///
/// An attempt that failed and is retried gets a line of the same shape with `"type":"attempt"`, before the
/// task's own line.
///
/// Where an attempt runs, as an executor reports it while the attempt runs (``RunEvent/taskPlaced(_:)``), gets no
/// line: the file holds results, and each result's `job_id` and `host` are its executor's last word on them.
///
/// The summary line carries `"type":"summary"`, the run's start and end, `elapsed`, the totals: `total`, one count
/// per status (`succeeded`, `failed`, `timed_out`, `errored`, `cancelled`, `skipped`: `failed` is the tasks that
/// ended `FAILED` only) and `failures` (failed, timed out and errored added up),
/// `success_rate_percent`, the durations (`total_duration`, `average_duration`, `max_duration`,
/// `min_duration`), memory (`average_memory_mb`, `peak_memory_mb`), `halt_reason`, `interrupted`,
/// `source_error` and `sink_errors`.
public struct JSONSink: Sink {
    /// The JSON Lines file, whose bytes the journal counts (``TrackedResultFile``).
    let file: WriteThroughFile
    private var clock = LocalTimeConverter()

    /// Creates the JSON Lines file at `path`, or opens it to empty it as the run starts (a run refused before then
    /// leaves it as it was); with `appending`, adds to it instead (a resumed run). With `syncsEachRow` (`--sync`),
    /// each turn's lines are also flushed to the disk (`fdatasync`) before the scheduler goes on, and so before the
    /// journal, told after this sink, writes and syncs the turn's task ends: a machine crash leaves no task's end in
    /// the journal without its line here.
    ///
    /// - Throws: ``SinkFileError`` when the file cannot be created.
    public init(path: String, appending: Bool = false, syncsEachRow: Bool = false) throws(SinkFileError) {
        file = try WriteThroughFile(path: path, mode: appending ? .appendForResumption : .truncateWhenRunStarts)
        file.syncsEachFlush = syncsEachRow
    }

    public mutating func receive(_ event: RunEvent) throws {
        switch event {
        case .taskFinished(let result):
            try file.add(line(for: result, type: "task"))
        case .attemptFailed(let result):
            try file.add(line(for: result, type: "attempt"))
        case .runFinished(let summary):
            try file.add(line(for: summary))
            try file.checkStillNamed()
        case .runStarted:
            try file.discardEarlierContent()
        case .taskStarted, .taskPlaced, .runHalted:
            break
        }
    }

    public func flush() throws {
        try file.flush()
    }

    private mutating func line(for result: TaskResult, type: String) -> RowBuffer {
        var line = JSONLine()
        line.add("type", type)
        line.add(result: result, clock: &clock)
        return line.finished()
    }

    private mutating func line(for summary: RunSummary) -> RowBuffer {
        let totals = summary.statistics
        var line = JSONLine()
        line.add("type", "summary")
        line.add("start_time", clock.convert(summary.startTime))
        line.add("end_time", clock.convert(summary.endTime))
        line.add("elapsed", summary.endTime.timeIntervalSince(summary.startTime))
        line.add(countsOf: totals)
        line.add("success_rate_percent", totals.successRatePercent)
        line.add("total_duration", totals.totalDuration)
        line.add("average_duration", totals.averageDuration)
        line.add("max_duration", totals.maxDuration)
        line.add("min_duration", totals.minDuration)
        line.add("average_memory_mb", totals.averageMemoryMB)
        line.add("peak_memory_mb", totals.peakMemoryMB)
        line.add("halt_reason", summary.haltReason)
        line.add("interrupted", summary.interrupted)
        line.add("source_error", summary.sourceError)
        line.add("sink_errors", summary.sinkErrors)
        return line.finished()
    }
}
