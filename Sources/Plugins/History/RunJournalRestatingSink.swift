import PRXKernel

/// Restates a run's journal end line, told of the run's end after the sinks told it after the journal's sink
/// (``RunJournalSink``): when one of them failed, it adds a second `run_finished` line, the first's but for
/// `sink_errors`, which then names that failure too, and with `restated` (`true`). Readers take the last line.
///
/// The journal's sink is told of the run's end before the summary report, which can wait in `write(2)` on a standard
/// output no one reads for as long as prx lives: told after it, the journal had no end line meanwhile, nor after prx
/// was killed there, and the run showed as killed though every result was written. Each line is whole on its own:
/// a prx killed between the two leaves the first, which holds every result but the report's.
public struct RunJournalRestatingSink: Sink {
    private let file: WriteThroughFile
    private let writtenEnd: RunJournalSink.WrittenEnd
    private var clock = LocalTimeConverter()

    /// Restates the end line that the journal's sink wrote to `file`, which `writtenEnd` tells of.
    init(file: WriteThroughFile, writtenEnd: RunJournalSink.WrittenEnd) {
        self.file = file
        self.writtenEnd = writtenEnd
    }

    public mutating func receive(_ event: RunEvent) throws {
        guard case .runFinished(let summary) = event, let written = writtenEnd.sinkErrors,
            summary.sinkErrors != written
        else { return }
        var line = RunJournalSink.endLine(of: summary, in: file, clock: &clock)
        line.add("restated", true)
        try file.add(line.finished())
        writtenEnd.sinkErrors = summary.sinkErrors
    }

    public func flush() throws {
        try file.flush()
    }
}
