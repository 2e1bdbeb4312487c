import Foundation
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

    private static func counts(_ run: RunRecord) -> [Int] {
        [run.taskCount, run.succeeded, run.failed]
    }

    /// A finished run is listed from its journal's first and last lines: here the last line's totals, which the
    /// lines between do not add up to, are what the listing shows; its record, read whole, counts its lines.
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
        #expect(listed.tasks.isEmpty)
        #expect(listed.invocation.arguments == ["-A", "hosts"])
        #expect(listed.duration == 600)
        let whole = try history.record(of: "20261203-120000-42")
        #expect(Self.counts(whole) == [2, 1, 1])
        #expect(whole.tasks.map(\.status) == ["SUCCESS", "FAILED"])
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
        #expect(listed.tasks.map(\.label) == ["t3"])
        #expect(listed.tasks.first?.status == "RUNNING")
        #expect(listed.tasks.first?.startTime == "2026-12-03T12:00:01+00:00")
    }

    /// A run without its last line is read from its last whole `run_progress` line on: here the counts of the
    /// last one, which the lines before it do not add up to, and its running task 1001, which finishes after it.
    @Test func aRunWithoutItsLastLineIsReadFromItsLastProgressLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func progress(_ finished: Int, running id: Int) -> String {
            #"{"event":"run_progress","time":"2026-12-03T12:05:00.000000+00:00","finished":\#(finished),"#
                + #""succeeded":\#(finished - 10),"failed":10,"running":[{"id":\#(id),"key":"00000000000000\#(id)0","#
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
        #expect(listed.tasks.map(\.label) == ["t1002"])
        #expect(listed.tasks.first?.status == "RUNNING")
    }
}
