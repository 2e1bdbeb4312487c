import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Testing

@Suite struct RunJournalSinkTests {
    /// A journal for run `20261203-120000-42` in `directory`, on an executor that `reportsPlacements` or not, and its
    /// path.
    private static func journal(
        in directory: TemporaryDirectory, progressInterval: TimeInterval, reportsPlacements: Bool = false
    ) throws -> (sink: RunJournalSink, path: String) {
        let runID = "20261203-120000-42"
        let path = directory.file(runID + ".jsonl")
        let invocation = RunInvocation(
            runID: runID, arguments: ["-A", "hosts"], workingDirectory: "/tmp", processID: 42, configuration: [:],
            reportsPlacements: reportsPlacements)
        let sink = try RunJournalSink(
            path: path, invocation: invocation, startTime: Fixtures.start, workers: 3,
            progressInterval: progressInterval)
        return (sink, path)
    }

    /// The journal holds its `run_started` line from the moment it appears: a reader takes a journal without it for
    /// a run that is not going, and a concurrent prune or `prx history --clear` deleted runs just starting.
    @Test func theJournalAppearsWithItsStartLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (_, path) = try Self.journal(in: directory, progressInterval: 10)
        let journal = try lines(of: path)
        #expect(journal.count == 1)
        #expect(journal.first?.hasPrefix(#"{"event":"run_started","run":"20261203-120000-42","#) == true)
        #expect(journal.first?.contains(#""workers":3"#) == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["20261203-120000-42.jsonl"])
    }

    /// The end line is restated only when a sink told of the run's end after the journal failed, and the history
    /// reads the last: the run's results lost, but finished.
    @Test func theEndLineIsRestatedWithTheFailuresOfTheSinksToldAfterIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var (journal, path) = try Self.journal(in: directory, progressInterval: 10)
        var restating = journal.restatingSink()
        var summary = RunSummary(startTime: Fixtures.start, endTime: Fixtures.end, statistics: RunStatistics())
        try journal.receive(.runFinished(summary))
        try journal.flush()
        try restating.receive(.runFinished(summary))
        try restating.flush()
        #expect(try lines(of: path).count == 2)

        summary.sinkErrors = ["cannot write the summary to standard output: Broken pipe"]
        try restating.receive(.runFinished(summary))
        try restating.flush()
        let ends = try lines(of: path).dropFirst()
        #expect(ends.map { $0.contains(#""restated":true"#) } == [false, true])
        #expect(ends.last?.contains(#""sink_errors":["cannot write the summary to standard output: Broken pipe"]"#)
            == true)
        let run = try #require(RunHistory(directory: directory.path).runs().first)
        #expect(run.state == .finished)
        #expect(run.sinkErrors == summary.sinkErrors)
    }

    /// After a task's end, once the interval has passed since the last one (by the tasks' end times), the
    /// journal has a `run_progress` line: the counts so far and the tasks still running, with their last start.
    /// The history lists the running run from it as it would from the lines.
    @Test func writesTheProgressSoFarAfterATasksEnd() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var (sink, path) = try Self.journal(in: directory, progressInterval: 10)
        func start(_ id: Int, attempt: Int = 1) -> RunEvent {
            .taskStarted(TaskStart(task: Fixtures.task(id, label: "t\(id)"), workerID: id, attempt: attempt,
                time: Fixtures.start))
        }
        var later = Fixtures.failure(4, label: "t4")
        later.endTime = Fixtures.end.addingTimeInterval(20)
        let events: [RunEvent] = [
            .runStarted(RunInfo(startTime: Fixtures.start, maxInFlight: 3)), start(1), start(2), start(3, attempt: 2),
            .taskFinished(Fixtures.success(1, label: "t1")), .taskFinished(Fixtures.failure(2, label: "t2")),
            start(4), .taskFinished(later),
        ]
        for event in events { try sink.receive(event) }
        try sink.flush()

        let journal = try lines(of: path)
        let progress = journal.filter { $0.hasPrefix(#"{"event":"run_progress""#) }
        // One after the first end, none after the second (the same second), one 20 s later, after task 4's.
        #expect(progress.count == 2)
        #expect(journal.firstIndex(of: progress[0]) == 5)
        #expect(journal.last == progress[1])
        let last = try #require(
            try JSONSerialization.jsonObject(with: Data(progress[1].utf8)) as? [String: Any])
        #expect(last["finished"] as? Int == 3)
        #expect(last["succeeded"] as? Int == 1)
        #expect(last["failed"] as? Int == 2)
        #expect(last["failures"] as? Int == 2)
        let running = try #require(last["running"] as? [[String: Any]])
        #expect(running.map { $0["id"] as? Int } == [3])
        #expect(running.first?["attempt"] as? Int == 2)
        #expect(running.first?["label"] as? String == "t3")
        let started = try #require(journal.first { $0.contains(#""event":"task_started","id":3,"#) })
        // The running task's members are those of its task_started line.
        let object = "{" + String(started.dropFirst(#"{"event":"task_started","#.count))
        #expect(progress[1].hasSuffix(#""running":["# + object + "]}"))

        let listed = try #require(RunHistory(directory: directory.path).runs().first)
        #expect(listed.taskCount == 4 && listed.counts.succeeded == 1 && listed.counts.byStatus?.failed == 2)
        #expect(listed.runningTasks.map(\.label) == ["t3"])
        #expect(listed.runningTasks.first?.attempts == 2)
    }

    /// A run whose executor reports placements says so in its first line, and has a `task_placed` line for each
    /// report that is not the attempt's last one again; its `run_progress` lines give each running task's placement.
    /// The history reads each task's last placement of its last attempt: a running task's from its lines and from the
    /// progress line, a finished one's from its result, none for an attempt not placed yet.
    @Test func aPlacingRunsJournalHasEachNewPlacement() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var (sink, path) = try Self.journal(in: directory, progressInterval: 0, reportsPlacements: true)
        func start(_ id: Int, attempt: Int = 1) -> RunEvent {
            .taskStarted(TaskStart(task: Fixtures.task(id, label: "t\(id)"), workerID: id, attempt: attempt,
                time: Fixtures.start))
        }
        func placed(_ id: Int, _ jobID: String?, _ host: String?, attempt: Int = 1) -> RunEvent {
            .taskPlaced(TaskPlacement(
                task: Fixtures.task(id, label: "t\(id)"), workerID: id, attempt: attempt, jobID: jobID, host: host))
        }
        var first = Fixtures.success(1, label: "t1")
        (first.jobID, first.host) = ("1.1", "node1")
        var failed = Fixtures.failure(4, label: "t4")
        (failed.jobID, failed.host) = ("4.1", "node4")
        let events: [RunEvent] = [
            .runStarted(RunInfo(startTime: Fixtures.start, maxInFlight: 4)), start(1), start(2), start(3), start(4),
            placed(2, "2.1", nil), placed(1, "1.1", nil), placed(1, "1.1", nil), placed(1, "1.1", "node1"),
            placed(4, "4.1", "node4"), .taskFinished(first), placed(3, nil, "node3"), .attemptFailed(failed),
            start(4, attempt: 2),
        ]
        for event in events { try sink.receive(event) }
        try sink.flush()

        let journal = try lines(of: path)
        #expect(journal.first?.contains(#""reports_placements":true"#) == true)
        #expect(journal.filter { $0.contains(#""event":"task_placed""#) } == [
            #"{"event":"task_placed","id":2,"attempt":1,"job_id":"2.1","host":null}"#,
            #"{"event":"task_placed","id":1,"attempt":1,"job_id":"1.1","host":null}"#,
            #"{"event":"task_placed","id":1,"attempt":1,"job_id":"1.1","host":"node1"}"#,
            #"{"event":"task_placed","id":4,"attempt":1,"job_id":"4.1","host":"node4"}"#,
            #"{"event":"task_placed","id":3,"attempt":1,"job_id":null,"host":"node3"}"#,
        ])
        let progress = try #require(journal.first { $0.hasPrefix(#"{"event":"run_progress""#) })
        #expect(progress.contains(#""job_id":"2.1","host":null}"#))
        #expect(progress.contains(#""job_id":"4.1","host":"node4"}"#))
        #expect(progress.components(separatedBy: "job_id").count == 3)

        let history = RunHistory(directory: directory.path)
        let listed = try #require(history.runs().first)
        #expect(listed.invocation.reportsPlacements)
        let queued = RunRecord.Placement(attempt: 1, jobID: "2.1", host: nil)
        let onAHost = RunRecord.Placement(attempt: 1, jobID: nil, host: "node3")
        #expect(listed.runningTasks.map(\.id) == [2, 3, 4])
        #expect(listed.runningTasks.map(\.placement) == [queued, onAHost, nil])
        var placements: [RunRecord.Placement?] = []
        _ = try history.forEachTask(of: "20261203-120000-42") { placements.append($0.placement) }
        #expect(placements == [RunRecord.Placement(attempt: 1, jobID: "1.1", host: "node1"), queued, onAHost, nil])
    }

    /// A run whose executor does not report placements (the local one) has a journal as before: no member saying
    /// so, no placement in its progress lines, and no placement read back.
    @Test func aLocalRunsJournalHasNoPlacements() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var (sink, path) = try Self.journal(in: directory, progressInterval: 0)
        let events: [RunEvent] = [
            .runStarted(RunInfo(startTime: Fixtures.start, maxInFlight: 2)),
            .taskStarted(TaskStart(task: Fixtures.task(1, label: "t1"), workerID: 1, attempt: 1, time: Fixtures.start)),
            .taskStarted(TaskStart(task: Fixtures.task(2, label: "t2"), workerID: 2, attempt: 1, time: Fixtures.start)),
            .taskFinished(Fixtures.success(1, label: "t1")),
        ]
        for event in events { try sink.receive(event) }
        try sink.flush()

        let journal = try lines(of: path)
        #expect(journal.count == 5)
        #expect(!journal[0].contains("reports_placements"))
        #expect(journal[4].hasPrefix(#"{"event":"run_progress""#) && !journal[4].contains("job_id"))
        let history = RunHistory(directory: directory.path)
        let listed = try #require(history.runs().first)
        #expect(!listed.invocation.reportsPlacements)
        #expect(listed.runningTasks.map(\.placement) == [nil])
        var placements: [RunRecord.Placement?] = []
        _ = try history.forEachTask(of: "20261203-120000-42") { placements.append($0.placement) }
        #expect(placements == [nil, nil])
    }

    /// A running task's label over ``RunJournalSink/longestRepeatedLabel`` is not repeated in the progress lines:
    /// they name where its `task_started` line starts, from which the history reads it; a line that no longer
    /// starts there (the journal was cut back after a failed write) leaves the task without its label.
    @Test func aLongLabelIsFoundAtItsStartLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var (sink, path) = try Self.journal(in: directory, progressInterval: 0)
        let long = String(repeating: "x", count: RunJournalSink.longestRepeatedLabel + 1)
        let events: [RunEvent] = [
            .runStarted(RunInfo(startTime: Fixtures.start, maxInFlight: 2)),
            .taskStarted(TaskStart(task: Fixtures.task(1, label: long), workerID: 1, attempt: 1, time: Fixtures.start)),
            .taskStarted(TaskStart(task: Fixtures.task(2, label: "t2"), workerID: 2, attempt: 1, time: Fixtures.start)),
            .taskFinished(Fixtures.success(2, label: "t2")),
        ]
        for event in events { try sink.receive(event) }
        try sink.flush()

        let journal = try String(contentsOfFile: path, encoding: .utf8)
        let progress = try #require(journal.split(separator: "\n").last)
        #expect(progress.hasPrefix(#"{"event":"run_progress""#) && !progress.contains(long))
        let offset = try #require(progress.firstMatch(of: /"start_line_offset":(\d+)/).flatMap { Int($0.1) })
        #expect(journal.utf8.dropFirst(offset).starts(with: #"{"event":"task_started","id":1,"#.utf8))
        #expect(RunHistory(directory: directory.path).runs().first?.runningTasks.map(\.label) == [long])

        let moved = journal.replacingOccurrences(of: "start_line_offset\":\(offset)", with: "start_line_offset\":1")
        try moved.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(RunHistory(directory: directory.path).runs().first?.runningTasks.map(\.label) == [""])
    }

    /// A journal another program cut short (`: > ID.jsonl`) or added to during the run has the lines of the turn that
    /// finds it written at the file's end. The cut's turn had them taken for lines a failed write dropped, and left out
    /// of every `run_progress` line after (a task's end, the start of one still running), and an addition was written
    /// over. Each progress line now counts every task whose lines the journal wrote, and names where a long label's
    /// start line is.
    @Test(arguments: [true, false])
    func aJournalAnotherProgramCutOrAddedToCountsEveryTask(cut: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var (sink, path) = try Self.journal(in: directory, progressInterval: 0)
        let long = String(repeating: "x", count: RunJournalSink.longestRepeatedLabel + 1)
        func start(_ id: Int, _ label: String) -> RunEvent {
            .taskStarted(
                TaskStart(task: Fixtures.task(id, label: label), workerID: id, attempt: 1, time: Fixtures.start))
        }
        func turn(_ events: [RunEvent]) throws {
            for event in events { try sink.receive(event) }
            try sink.flush()
        }
        try turn([
            .runStarted(RunInfo(startTime: Fixtures.start, maxInFlight: 2)), start(1, "t1"),
            .taskFinished(Fixtures.success(1, label: "t1")),
        ])
        let other = try #require(FileHandle(forWritingAtPath: path))
        if cut {
            try other.truncate(atOffset: 0)
        } else {
            try other.seekToEnd()
            try other.write(contentsOf: Data("a note".utf8))
        }
        try other.close()
        let secondTurn = [start(2, long), start(3, "t3"), .taskFinished(Fixtures.success(3, label: "t3"))]
        let failed = (try? turn(secondTurn)) == nil
        #expect(failed == cut)
        try turn([start(4, "t4"), .taskFinished(Fixtures.success(4, label: "t4"))])

        let journal = try String(contentsOfFile: path, encoding: .utf8)
        #expect(journal.contains("a note\n") != cut, "\(journal.prefix(600))")
        let progress = try #require(journal.split(separator: "\n").last)
        #expect(progress.hasPrefix(#"{"event":"run_progress""#) && progress.contains(#""finished":3,"#), "\(progress)")
        #expect(progress.contains(#""running":[{"id":2,"#), "\(progress)")
        let offset = try #require(progress.firstMatch(of: /"start_line_offset":(\d+)/).flatMap { Int($0.1) })
        #expect(journal.utf8.dropFirst(offset).starts(with: #"{"event":"task_started","id":2,"#.utf8))
    }

    /// A burst of tasks ending within a second (a halt's cancelled ones, megabytes a second) still gets a progress
    /// line every `progressLines` tasks: by time alone, a journal killed during the burst had none in the last
    /// 16 MiB, which the reader searches, and was read whole.
    @Test func aBurstOfEndsGetsAProgressLineEveryFewThousand() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var (sink, path) = try Self.journal(in: directory, progressInterval: 3600)
        try sink.receive(.runStarted(RunInfo(startTime: Fixtures.start, maxInFlight: 2)))
        for id in 1...25_000 {
            var result = TaskResult.notStarted(Fixtures.task(id, label: "t\(id)"), status: .cancelled, message: "halt")
            result.endTime = Fixtures.end
            try sink.receive(.taskFinished(result))
        }
        try sink.flush()
        let progress = try lines(of: path).filter { $0.hasPrefix(#"{"event":"run_progress""#) }
        #expect(progress.count == 3)
        #expect(progress.last?.contains(#""finished":20001,"#) == true, "\(progress.last ?? "")")
    }
}
