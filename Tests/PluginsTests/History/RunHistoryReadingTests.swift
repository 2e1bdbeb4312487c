import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Testing

@Suite struct RunHistoryReadingTests {
    private static let started = #"{"event":"run_started","run":"20261203-120000-42","#
        + #""time":"2026-12-03T12:00:00.000000+00:00","pid":42,"arguments":["-A","hosts"],"cwd":"/tmp","#
        + #""workers":2,"configuration":["history.keep_runs=100"]}"#
    private static func task(_ id: Int, _ status: String) -> String {
        #"{"event":"task_started","id":\#(id),"key":"00000000000000\#(id)0","label":"t\#(id)","worker_id":1,"#
            + #""attempt":1,"time":"2026-12-03T12:00:01+00:00"}"# + "\n"
            + #"{"event":"task_finished","key":"00000000000000\#(id)0","id":\#(id),"label":"t\#(id)","#
            + #""status":"\#(status)","exit_code":0,"duration":0.5,"attempts":1}"#
    }

    /// The run's tasks, those that succeeded, and its failures of any kind.
    private static func counts(_ run: RunRecord) -> [Int] {
        [run.taskCount, run.counts.succeeded, run.counts.failures]
    }

    /// The run's count of each status, in ``TaskStatus/allCases``' order; `nil` when its journal does not say them.
    private static func byStatus(_ run: RunRecord) -> [Int]? {
        run.counts.byStatus.map { counts in TaskStatus.allCases.map { counts[$0] } }
    }

    /// Pruning keeps the runs a kept run resumed, step by step: a `--resume` of the kept run reads them to leave
    /// out what succeeded there, and ran those tasks again once they were pruned. Clearing takes them all.
    @Test func pruningKeepsTheRunsAKeptRunResumed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ids = ["20261203-120000-1", "20261203-120001-2", "20261203-120002-3", "20261203-120003-4"]
        let earlier = [nil, ids[0], ids[1], nil]
        for (id, resumed) in zip(ids, earlier) {
            let configuration = resumed.map { #","resumed_from=\#($0)""# } ?? ""
            let started = #"{"event":"run_started","run":"\#(id)","time":"2026-12-03T12:00:00.000000+00:00","#
                + #""pid":1,"arguments":["-A","hosts"],"cwd":"/tmp","workers":2,"#
                + #""configuration":["history.keep_runs=2"\#(configuration)]}"#
            let finished = #"{"event":"run_finished","time":"2026-12-03T12:10:00.000000+00:00","total":0}"#
            try directory.write("\(id).jsonl", started + "\n" + finished + "\n")
        }
        let history = RunHistory(directory: directory.path)
        #expect(history.prune(keeping: 2) == [])
        #expect(history.runIDs() == ids)
        #expect(history.prune(keeping: 1).sorted() == ids.prefix(3).sorted())
        #expect(history.runIDs() == [ids[3]])
    }

    /// A name that is no run id (a journal's `resumed_from` someone edited) names no journal of the history: it was
    /// made a path all the same, so that `../planted` read `planted.jsonl` beside the history as a run, which pruning
    /// followed along a chain of resumptions. Neither its start nor its tasks are read now; the run beside it in the
    /// history is.
    @Test func aNameThatIsNoRunIDIsReadAsNoRun() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let journal = Self.started + "\n" + Self.task(1, "SUCCESS") + "\n"
        try directory.write("planted.jsonl", journal)
        try directory.write("history/20261203-120000-42.jsonl", journal)
        let history = RunHistory(directory: directory.file("history"))
        #expect(history.invocation(of: "../planted") == nil)
        #expect(throws: RunHistory.HistoryError.self) { try history.forEachTask(of: "../planted") { _ in } }
        #expect(history.invocation(of: "20261203-120000-42")?.arguments == ["-A", "hosts"])
    }

    /// An incomplete run's end line counts only the results in its journal: listed from it, a run whose two tasks
    /// had no end showed 0 tasks, where its own listing shows both `LOST`. It is listed from its lines, counting
    /// them, and its state stays incomplete.
    @Test func anIncompleteRunCountsItsTasksWithNoEnd() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let started = Self.task(3, "SUCCESS").split(separator: "\n")[0]
        let finished = #"{"event":"run_finished","time":"2026-12-03T12:10:00.000000+00:00","total":2,"#
            + #""succeeded":1,"failed":1,"timed_out":0,"errored":0,"cancelled":0,"skipped":0,"#
            + #""halt_reason":null,"interrupted":true,"source_error":null,"incomplete":true}"#
        try directory.write(
            "20261203-120000-42.jsonl",
            [Self.started, Self.task(1, "SUCCESS"), Self.task(2, "FAILED"), String(started), finished]
                .joined(separator: "\n") + "\n")
        let history = RunHistory(directory: directory.path)
        let listed = try #require(history.runs().first)
        #expect(listed.state == .incomplete)
        #expect(Self.counts(listed) == [3, 1, 1])
        var statuses: [String] = []
        _ = try history.forEachTask(of: "20261203-120000-42") { statuses.append($0.status) }
        #expect(statuses == ["SUCCESS", "FAILED", "LOST"])
    }

    /// A finished run is listed from its journal's first and last lines: here the last line's totals, which the
    /// lines between do not add up to, are what the listing shows; its tasks, read line by line, count its lines.
    @Test func aFinishedRunIsListedFromItsFirstAndLastLines() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let finished = #"{"event":"run_finished","time":"2026-12-03T12:10:00.000000+00:00","total":1000000,"#
            + #""succeeded":999990,"failed":4,"timed_out":3,"errored":2,"cancelled":1,"skipped":0,"#
            + #""halt_reason":null,"interrupted":false,"source_error":null}"#
        try directory.write(
            "20261203-120000-42.jsonl",
            [Self.started, Self.task(1, "SUCCESS"), Self.task(2, "FAILED"), finished].joined(separator: "\n") + "\n")
        let history = RunHistory(directory: directory.path)
        let listed = try #require(history.runs().first)
        #expect(listed.state == .finished)
        #expect(Self.counts(listed) == [1_000_000, 999_990, 9])
        // success, failed, timeout, cancelled, error, skipped
        #expect(Self.byStatus(listed) == [999_990, 4, 3, 1, 2, 0])
        #expect(listed.runningTasks.isEmpty)
        #expect(listed.invocation.arguments == ["-A", "hosts"])
        #expect(listed.duration == 600)
        var statuses: [String] = []
        let whole = try history.forEachTask(of: "20261203-120000-42") { statuses.append($0.status) }
        #expect(Self.counts(whole) == [2, 1, 1])
        #expect(statuses == ["SUCCESS", "FAILED"])
    }

    /// A run without its `run_finished` line (killed, or still running) is read line by line to be listed, and
    /// keeps only the tasks that had not finished.
    @Test func aRunWithoutItsLastLineIsListedWithTheTasksStillRunning() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let third = Self.task(3, "SUCCESS").split(separator: "\n")[0]
        try directory.write(
            "20261203-120000-42.jsonl", [Self.started, Self.task(1, "SUCCESS"), Self.task(2, "TIMEOUT"), String(third)]
                .joined(separator: "\n") + "\n" + #"{"event":"task_sta"#)
        let listed = try #require(RunHistory(directory: directory.path).runs().first)
        #expect(listed.state == .killed)
        #expect(Self.counts(listed) == [3, 1, 1])
        #expect(Self.byStatus(listed) == [1, 0, 1, 0, 0, 0])
        #expect(listed.runningTasks.map(\.label) == ["t3"])
        #expect(listed.runningTasks.first?.status == "RUNNING")
        #expect(listed.runningTasks.first?.startTime == "2026-12-03T12:00:01+00:00")
    }

    /// A run without its last line is going only while the process that wrote it lives: the same id and the same
    /// start. The id alone, with a command line naming prx, took a later process given that id (another prx) for
    /// the run's, and a ptasker run (no "prx" in its command line) for dead.
    @Test(arguments: [(0, RunRecord.State.running), (1, .killed)])
    func aRunIsGoingWhileItsOwnProcessLives(ticksOff: Int, state: RunRecord.State) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ticks = try #require(ProcessStart.ticks(of: getpid())) + UInt64(ticksOff)
        let started = Self.started.replacingOccurrences(
            of: #""pid":42,"#, with: #""pid":\#(getpid()),"pid_start":\#(ticks),"#)
        try directory.write("20261203-120000-42.jsonl", started + "\n" + Self.task(1, "SUCCESS") + "\n")
        let history = RunHistory(directory: directory.path)
        #expect(history.runs().first?.state == state)
        #expect(history.isGoing("20261203-120000-42") == (state == .running))
    }

    /// A run's tasks are given in the order they first appear, whatever order they finish in: task 1 finishes
    /// after 2 and 3, task 4 never does, and task 5 finishes without starting (a skipped task).
    @Test func tasksAreGivenInTheOrderTheyFirstAppear() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func lines(_ id: Int, _ status: String) -> [String] {
            Self.task(id, status).split(separator: "\n").map(String.init)
        }
        let (one, two, three, four, five) = (
            lines(1, "FAILED"), lines(2, "SUCCESS"), lines(3, "SUCCESS"), lines(4, "SUCCESS"), lines(5, "SKIPPED"))
        try directory.write(
            "20261203-120000-42.jsonl",
            [Self.started, one[0], two[0], two[1], three[0], three[1], one[1], four[0], five[1]]
                .joined(separator: "\n") + "\n")
        var given: [String] = []
        let run = try RunHistory(directory: directory.path).forEachTask(of: "20261203-120000-42") { task in
            given.append("\(task.id) \(task.status)")
        }
        #expect(given == ["1 FAILED", "2 SUCCESS", "3 SUCCESS", "4 RUNNING", "5 SKIPPED"])
        #expect(Self.counts(run) == [5, 2, 1])
        #expect(run.runningTasks.isEmpty)
    }

    /// A run without its last line is read from its last whole `run_progress` line on: here the counts of the
    /// last one, which the lines before it do not add up to, and its running task 1001, which finishes after it.
    @Test func aRunWithoutItsLastLineIsReadFromItsLastProgressLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func progress(_ finished: Int, running id: Int) -> String {
            #"{"event":"run_progress","time":"2026-12-03T12:05:00.000000+00:00","finished":\#(finished),"#
                + #""succeeded":\#(finished - 10),"failed":6,"timed_out":4,"errored":0,"cancelled":0,"skipped":0,"#
                + #""failures":10,"running":[{"id":\#(id),"key":"00000000000000\#(id)0","#
                + #""label":"t\#(id)","worker_id":1,"attempt":1,"time":"2026-12-03T12:04:59+00:00"}]}"#
        }
        let next = Self.task(1002, "SUCCESS").split(separator: "\n")[0]
        try directory.write(
            "20261203-120000-42.jsonl",
            [Self.started, Self.task(1, "SUCCESS"), progress(500, running: 501), progress(1000, running: 1001),
             Self.task(1001, "SUCCESS").split(separator: "\n")[1] + "", String(next)].joined(separator: "\n") + "\n"
                + #"{"event":"run_progress","time":"2026-12-03T12:05:01.0"#)
        let listed = try #require(RunHistory(directory: directory.path).runs().first)
        #expect(Self.counts(listed) == [1002, 991, 10])
        #expect(Self.byStatus(listed) == [991, 6, 4, 0, 0, 0])
        #expect(listed.runningTasks.map(\.label) == ["t1002"])
        #expect(listed.runningTasks.first?.status == "RUNNING")
    }

    /// A finished run's end line whose totals no run has (failures adding up past the largest `Int`, a count below 0:
    /// a damaged line) is not listed from: adding them up trapped, taking every command reading the history down with
    /// it. The run is listed from its task lines, counting them, as a run without its end line is.
    @Test(arguments: [
        #""failed":1,"timed_out":9223372036854775807,"errored":0"#, #""failed":0,"timed_out":0,"errored":-1"#,
    ])
    func aFinishedRunsTotalsOutOfRangeAreCountedFromItsLines(failures: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let finished = #"{"event":"run_finished","time":"2026-12-03T12:10:00.000000+00:00","total":2,"#
            + #""succeeded":1,\#(failures),"cancelled":0,"skipped":0,"halt_reason":null,"#
            + #""interrupted":false,"source_error":null}"#
        try directory.write(
            "20261203-120000-42.jsonl",
            [Self.started, Self.task(1, "SUCCESS"), Self.task(2, "FAILED"), finished].joined(separator: "\n") + "\n")
        let listed = try #require(RunHistory(directory: directory.path).runs().first)
        #expect(listed.state == .finished)
        #expect(Self.counts(listed) == [2, 1, 1])
    }

    /// A `run_progress` line whose counts, with the task lines after it, add up past the largest `Int` is damaged:
    /// counting on from it trapped. The run is left out of the listing, as a journal that cannot be read is; a
    /// progress line whose counts are below 0 is passed over for the one before it.
    @Test func aProgressLinesCountsOutOfRangeAreADamagedJournal() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func progress(_ finished: Int, succeeded: Int) -> String {
            #"{"event":"run_progress","time":"2026-12-03T12:05:00.000000+00:00","finished":\#(finished),"#
                + #""succeeded":\#(succeeded),"failed":0,"failures":0,"running":[]}"#
        }
        let history = RunHistory(directory: directory.path)
        try directory.write(
            "20261203-120000-42.jsonl",
            [Self.started, Self.task(1, "SUCCESS"), progress(Int.max, succeeded: Int.max), Self.task(2, "SUCCESS")]
                .joined(separator: "\n") + "\n")
        #expect(history.runs().isEmpty)
        try directory.write(
            "20261203-120000-42.jsonl",
            [Self.started, Self.task(1, "SUCCESS"), progress(1, succeeded: 1), Self.task(2, "SUCCESS"),
             progress(-1, succeeded: -1), Self.task(3, "SUCCESS")].joined(separator: "\n") + "\n")
        #expect(history.runs().map(Self.counts) == [[3, 3, 0]])
    }

    /// A killed run's last `run_progress` line of an older prx, whose `failed` counted every failure and which has
    /// no `failures`, is read from, as a newer one is: its successes and failures, with the task lines after it, are
    /// the run's, here those it says, which the lines before it do not add up to (the journal read whole, as it was
    /// when such a line was passed over, counts 7 tasks, 3 of them failures). Its counts by status are not known.
    @Test func aKilledRunIsReadFromAnOlderProgressLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let older = #"{"event":"run_progress","time":"2026-12-03T12:05:00.000000+00:00","finished":1000,"#
            + #""succeeded":990,"failed":7,"running":[{"id":1001,"key":"0000000000000010010","label":"t1001","#
            + #""worker_id":1,"attempt":1,"time":"2026-12-03T12:04:59+00:00"}]}"#
        let lines = [
            Self.started, Self.task(1, "SUCCESS"), Self.task(2, "TIMEOUT"), older,
            Self.task(1001, "FAILED").split(separator: "\n")[1] + "", Self.task(1002, "SUCCESS"),
            Self.task(1003, "ERROR"), Self.task(1004, "CANCELLED"),
            Self.task(1005, "SUCCESS").split(separator: "\n")[0] + "",
        ]
        try directory.write("20261203-120000-42.jsonl", lines.joined(separator: "\n") + "\n")
        let listed = try #require(RunHistory(directory: directory.path).runs().first)
        #expect(listed.state == .killed)
        #expect(Self.counts(listed) == [1005, 991, 9])
        #expect(Self.byStatus(listed) == nil)
        #expect(listed.runningTasks.map(\.label) == ["t1005"])
    }
}
