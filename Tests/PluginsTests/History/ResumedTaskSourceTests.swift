import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Synchronization
import Testing

/// Which tasks a resumption runs, from journals written here by hand: tasks are `echo WORD`, and a word's tasks
/// share a key, as identical lines do.
@Suite struct ResumedTaskSourceTests {
    /// The task with id `id` that echoes `word`.
    private static func task(_ id: Int, _ word: String) -> TaskSpec {
        TaskSpec(id: TaskID(id), label: word, argv: ["echo", word])
    }

    /// Writes the journal of run `runID`, which resumed `resumedFrom` when set, with `outcomes` (id, word, final
    /// status; `RUNNING` for a task that started and has no end, `UNREADABLE` for the `ERROR` standing for a line
    /// the run could not read) and, unless the run was `killed`, its `run_finished` line, saying the journal lacks
    /// tasks when it is `incomplete`.
    private static func writeJournal(
        _ runID: String, in directory: TemporaryDirectory, resumedFrom: String? = nil, killed: Bool = false,
        incomplete: Bool = false, _ outcomes: [(Int, String, String)]
    ) throws {
        let configuration = resumedFrom.map { #"["resumed_from=\#($0)"]"# } ?? "[]"
        var lines = [
            #"{"event":"run_started","run":"\#(runID)","time":"2026-12-03T12:00:00+00:00","pid":42,"#
                + #""arguments":["-A","words"],"cwd":"/tmp","workers":2,"configuration":\#(configuration)}"#
        ]
        for (id, word, status) in outcomes {
            let key = TaskIdentity.key(for: task(id, word))
            if status == "UNREADABLE" {
                lines.append(
                    #"{"event":"task_finished","key":"\#(key)","id":\#(id),"label":"\#(word)","#
                        + #""status":"ERROR","duration":0,"attempts":0,"unreadable":true}"#)
                continue
            }
            lines.append(
                #"{"event":"task_started","id":\#(id),"key":"\#(key)","label":"\#(word)","worker_id":1,"#
                    + #""attempt":1,"time":"2026-12-03T12:00:01+00:00"}"#)
            if status != "RUNNING" {
                lines.append(
                    #"{"event":"task_finished","key":"\#(key)","id":\#(id),"label":"\#(word)","#
                        + #""status":"\#(status)","duration":0.5,"attempts":1}"#)
            }
        }
        if !killed {
            let mark = incomplete ? #","interrupted":true,"incomplete":true"# : ""
            lines.append(#"{"event":"run_finished","time":"2026-12-03T12:00:09+00:00"\#(mark)}"#)
        }
        try directory.write("\(runID).jsonl", lines.joined(separator: "\n") + "\n")
    }

    /// The ids of `words`' tasks (ids from 1) that a resumption of `runID` runs; `reportMissing` is told of the tasks
    /// the runs did not settle that the words no longer have.
    private static func resumed(
        _ runID: String, in directory: TemporaryDirectory, onlyFailed: Bool, _ words: [String],
        reportMissing: @escaping @Sendable (ResumedTaskSource.MissingTasks) -> Void = { _ in }
    ) throws -> [Int] {
        let history = RunHistory(directory: directory.path)
        let verdicts = try onlyFailed
            ? ResumedTaskSource.Verdicts.resumeFailed(runID, in: history).1
            : ResumedTaskSource.Verdicts.resume(runID, in: history).1
        let tasks = words.enumerated().map { task($0.offset + 1, $0.element) }
        var source = ResumedTaskSource(ArrayTaskSource(tasks), verdicts: verdicts, reportMissing: reportMissing)
        var ran: [Int] = []
        while let task = try source.next() { ran.append(task.id.rawValue) }
        return ran
    }

    /// A resumption promises unique ids when the source it wraps does (``TaskSource/promisesUniqueIDs``): it gives
    /// some of that source's tasks, under their ids.
    @Test(arguments: [false, true])
    func promisesUniqueIDsWhenItsSourceDoes(promises: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.writeJournal("20261203-120000-1", in: directory, [(1, "x", "SUCCESS")])
        let verdicts = try ResumedTaskSource.Verdicts.resume(
            "20261203-120000-1", in: RunHistory(directory: directory.path)).1
        let base = ArrayTaskSource([Self.task(1, "x")], promisingUniqueIDs: promises)
        #expect(ResumedTaskSource(base, verdicts: verdicts).promisesUniqueIDs == promises)
    }

    /// An earlier run with one task of a key matches the first such task only: a second copy of the line is a task
    /// the earlier run never had, which `--resume` runs and `--resume-failed` does not.
    @Test(arguments: [false, true])
    func aLineTheEarlierRunHadOnceMatchesItsFirstCopyOnly(onlyFailed: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.writeJournal("20261203-120000-1", in: directory, [(1, "x", "SUCCESS")])
        let ran = try Self.resumed("20261203-120000-1", in: directory, onlyFailed: onlyFailed, ["x", "x", "x"])
        #expect(ran == (onlyFailed ? [] : [2, 3]))
    }

    /// Whatever did not succeed runs again under either flag: cancelled, skipped, timed out, errored, failed, or
    /// started and never finished.
    @Test(arguments: [false, true])
    func everyTaskThatDidNotSucceedRunsAgain(onlyFailed: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let statuses = ["SUCCESS", "FAILED", "TIMEOUT", "ERROR", "CANCELLED", "SKIPPED", "RUNNING", "SUCCESS"]
        try Self.writeJournal(
            "20261203-120000-1", in: directory,
            statuses.enumerated().map { ($0.offset + 1, "w\($0.offset + 1)", $0.element) })
        let words = (1...9).map { "w\($0)" }
        let ran = try Self.resumed("20261203-120000-1", in: directory, onlyFailed: onlyFailed, words)
        #expect(ran == [2, 3, 4, 5, 6, 7] + (onlyFailed ? [] : [9]))
    }

    /// A run killed twice and resumed twice runs nothing twice: the second resumption reads the first run through
    /// the resumed one, whose journal has only the tasks it ran. Neither run reached the last task, which both flags
    /// run.
    @Test func aResumedRunIsReadWithTheRunItResumed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.writeJournal(
            "20261203-120000-1", in: directory, killed: true,
            [(1, "a", "SUCCESS"), (2, "b", "SUCCESS"), (3, "c", "RUNNING"), (4, "d", "RUNNING")])
        try Self.writeJournal(
            "20261203-120100-2", in: directory, resumedFrom: "20261203-120000-1", killed: true,
            [(3, "c", "SUCCESS"), (4, "d", "FAILED"), (5, "e", "RUNNING")])
        let words = ["a", "b", "c", "d", "e", "f"]
        #expect(try Self.resumed("20261203-120100-2", in: directory, onlyFailed: false, words) == [4, 5, 6])
        #expect(try Self.resumed("20261203-120100-2", in: directory, onlyFailed: true, words) == [4, 5, 6])
    }

    /// A dependency on a task left out counts as met: the task is given without it, and keeps those on tasks that run.
    @Test func aDependencyOnATaskLeftOutIsDropped() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.writeJournal(
            "20261203-120000-1", in: directory, [(1, "a", "SUCCESS"), (2, "b", "FAILED"), (3, "c", "SUCCESS")])
        var last = Self.task(4, "d")
        last.dependencies = [1, 2, 3]
        let history = RunHistory(directory: directory.path)
        let verdicts = try ResumedTaskSource.Verdicts.resume("20261203-120000-1", in: history).1
        var source = ResumedTaskSource(
            ArrayTaskSource([Self.task(1, "a"), Self.task(2, "b"), Self.task(3, "c"), last]), verdicts: verdicts)
        var given: [TaskSpec] = []
        while let task = try source.next() { given.append(task) }
        #expect(given.map(\.id) == [2, 4])
        #expect(given.last?.dependencies == [2])
    }

    /// A run whose prx exited as a Lua call blocked past a signal ends its journal with an `incomplete` line: the
    /// tasks it never wrote are unfinished, as a killed run's are, and `--resume-failed` runs them.
    @Test func anIncompleteJournalsMissingTasksAreUnfinished() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.writeJournal("20261203-120000-1", in: directory, incomplete: true, [(1, "a", "SUCCESS")])
        #expect(try Self.resumed("20261203-120000-1", in: directory, onlyFailed: true, ["a", "b", "c"]) == [2, 3])
    }

    /// `--resume-failed` of a killed run runs the tasks it never started: a killed run's journal does not have
    /// them, where a finished run's lists them (`CANCELLED`), so they are unfinished, not tasks it never had. They
    /// ran only under `--resume`. Once a run of the chain finished, its journal lists every task, and a task none of
    /// the runs had is new.
    @Test(arguments: [(false, false, [2, 3]), (false, true, []), (true, false, [])])
    func aKilledRunsUnstartedTasksAreUnfinished(firstFinished: Bool, secondFinished: Bool, expected: [Int]) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.writeJournal("20261203-120000-1", in: directory, killed: !firstFinished, [(1, "a", "FAILED")])
        try Self.writeJournal(
            "20261203-120100-2", in: directory, resumedFrom: "20261203-120000-1", killed: !secondFinished,
            [(1, "a", "SUCCESS")])
        #expect(try Self.resumed("20261203-120100-2", in: directory, onlyFailed: true, ["a", "b", "c"]) == expected)
    }

    /// `--resume-failed` of a killed run whose last task (`c`) is gone from the source: the tasks past those the run
    /// had that are still there run as ones it never reached, where none ran; a line added before one of those is
    /// left out as a task it never had, and one between them and the gone task cannot be told from a task past it.
    /// The run's last task still there, every line past it runs, as before.
    @Test(arguments: [
        (["a", "b", "d", "e"], [3, 4]),
        (["x", "a", "b", "d"], [4]),
        (["a", "b", "x"], [3]),
        (["a", "b", "c", "d"], [4]),
        (["a", "x", "b", "c", "d"], [5]),
    ])
    func aKilledRunsLastTaskGoneFromTheSourceStillMarksItsReach(words: [String], expected: [Int]) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.writeJournal(
            "20261203-120000-1", in: directory, killed: true,
            [(1, "a", "SUCCESS"), (2, "b", "SUCCESS"), (3, "c", "SUCCESS")])
        #expect(try Self.resumed("20261203-120000-1", in: directory, onlyFailed: true, words) == expected)
    }

    /// Past ``ResumedTaskSource/heldBackLimit`` lines the killed run never had, in a row, its last task is taken for
    /// gone: they run, and so does every such line after them.
    @Test func pastTheHeldBackLimitTheKilledRunsLastTaskIsTakenForGone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.writeJournal(
            "20261203-120000-1", in: directory, killed: true, [(1, "a", "SUCCESS"), (2, "b", "FAILED")])
        let added = (0...ResumedTaskSource.heldBackLimit).map { "n\($0)" }
        let ran = try Self.resumed("20261203-120000-1", in: directory, onlyFailed: true, ["a"] + added + ["b", "z"])
        #expect(ran.elementsEqual(2...(added.count + 3)), "ran \(ran.count) tasks, from \(ran.first ?? 0)")
    }

    /// Past ``ResumedTaskSource/heldBackByteLimit`` bytes of held lines (long ones, of 16 MiB), the killed run's last
    /// task is taken for gone too: the lines held run, and so does every line the run never had after them.
    @Test func pastTheHeldBackByteLimitTheKilledRunsLastTaskIsTakenForGone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.writeJournal(
            "20261203-120000-1", in: directory, killed: true, [(1, "a", "SUCCESS"), (2, "b", "FAILED")])
        let long = String(repeating: "x", count: 16 << 20)
        let words = ["a", long, long, long, "b", "z"]
        #expect(try Self.resumed("20261203-120000-1", in: directory, onlyFailed: true, words) == [2, 3, 4, 5, 6])
    }

    /// Identical lines across a resumption: the resumed run's tasks with the key stand, in order, for the earlier
    /// run's that did not succeed, then for copies the earlier run never had.
    @Test func identicalLinesAreMatchedInOrderThroughAResumption() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.writeJournal(
            "20261203-120000-1", in: directory, [(1, "x", "SUCCESS"), (2, "x", "FAILED"), (3, "x", "FAILED")])
        // The resumption ran the second and third copies, and a fourth the file had gained.
        try Self.writeJournal(
            "20261203-120100-2", in: directory, resumedFrom: "20261203-120000-1",
            [(2, "x", "SUCCESS"), (3, "x", "FAILED"), (4, "x", "SUCCESS")])
        let ran = try Self.resumed("20261203-120100-2", in: directory, onlyFailed: false, ["x", "x", "x", "x", "x"])
        #expect(ran == [3, 5])
    }

    /// A line the run could not read (its task an `ERROR` whose key is not the line's once it reads) is run again
    /// as the tasks the run never had that stand where it stood: after the task before it and before the next task
    /// that did not succeed (the run reported those after it `CANCELLED`). A line the run never had elsewhere is
    /// still one `--resume-failed` leaves out, and the line's own task is not warned of as gone from the source.
    @Test(arguments: [false, true])
    func theLinesWhereAnUnreadableLineStoodRunAgain(onlyFailed: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.writeJournal(
            "20261203-120000-1", in: directory,
            [(1, "a", "SUCCESS"), (2, "?", "UNREADABLE"), (3, "c", "CANCELLED"), (4, "d", "CANCELLED")])
        let words = ["x", "a", "b", "b2", "c", "d", "e"]
        let missing = Mutex<[String]>([])
        let ran = try Self.resumed("20261203-120000-1", in: directory, onlyFailed: onlyFailed, words) { report in
            missing.withLock { $0 += report.named.map(\.label) }
        }
        #expect(ran == (onlyFailed ? [3, 4, 5, 6] : [1, 3, 4, 5, 6, 7]))
        #expect(missing.withLock { $0 }.isEmpty)
    }

    /// A line the run could not read, removed since, leaves no task where it stood: its task is reported as one the
    /// source no longer has, named by its label, once, through a resumption that could not read it either, where
    /// nothing ran for it and nothing said so.
    @Test(arguments: [false, true])
    func aRemovedUnreadableLineIsReportedAsGone(onlyFailed: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.writeJournal(
            "20261203-120000-1", in: directory,
            [(1, "a", "SUCCESS"), (2, "?", "UNREADABLE"), (3, "c", "CANCELLED"), (4, "d", "CANCELLED")])
        try Self.writeJournal(
            "20261203-120100-2", in: directory, resumedFrom: "20261203-120000-1",
            [(2, "?", "UNREADABLE"), (3, "c", "CANCELLED"), (4, "d", "CANCELLED")])
        for runID in ["20261203-120000-1", "20261203-120100-2"] {
            let missing = Mutex<[(label: String, count: Int)]>([])
            let totals = Mutex<[Int]>([])
            let ran = try Self.resumed(runID, in: directory, onlyFailed: onlyFailed, ["a", "c", "d"]) { report in
                missing.withLock { $0 += report.named }
                totals.withLock { $0.append(report.total) }
            }
            #expect(ran == [2, 3], "\(runID)")
            #expect(missing.withLock { $0.map(\.label) } == ["?"], "\(runID)")
            #expect(missing.withLock { $0.map(\.count) } == [1], "\(runID)")
            #expect(totals.withLock { $0 } == [1], "\(runID)")
        }
    }

    /// A resumption that stopped at the unreadable line again anchors it after the last task it journaled (`a`),
    /// which in the earlier run stands before a task that succeeded and was left out (`b`): both gaps are one stretch
    /// of the source, so the line, fixed, fills both (no report), and, removed, is reported once. It was reported
    /// missing though fixed and run, and twice when removed.
    @Test(arguments: [false, true])
    func anUnreadableLineAfterALeftOutTaskIsOnePlaceThroughAResumption(onlyFailed: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.writeJournal(
            "20261203-120000-1", in: directory,
            [(1, "a", "FAILED"), (2, "b", "SUCCESS"), (3, "?", "UNREADABLE"), (4, "c", "CANCELLED")])
        try Self.writeJournal(
            "20261203-120100-2", in: directory, resumedFrom: "20261203-120000-1",
            [(1, "a", "FAILED"), (3, "?", "UNREADABLE"), (4, "c", "CANCELLED")])
        for (words, expectedRan, expectedMissing) in [
            (["a", "b", "x", "c"], [1, 3, 4], [String]()), (["a", "b", "c"], [1, 3], ["?"]),
        ] {
            let missing = Mutex<[String]>([])
            let ran = try Self.resumed("20261203-120100-2", in: directory, onlyFailed: onlyFailed, words) { report in
                missing.withLock { $0 += report.named.map(\.label) }
            }
            #expect(ran == expectedRan, "\(words)")
            #expect(missing.withLock { $0 } == expectedMissing, "\(words)")
        }
    }

    /// An unreadable first line: the tasks before the first the run had stand for it.
    @Test func anUnreadableFirstLineRunsAgain() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.writeJournal(
            "20261203-120000-1", in: directory, [(1, "?", "UNREADABLE"), (2, "b", "CANCELLED")])
        #expect(try Self.resumed("20261203-120000-1", in: directory, onlyFailed: true, ["a", "b"]) == [1, 2])
    }

    /// An unreadable line in a resumed run stands after that run's task before it, whose place among the chain's
    /// tasks with its key is counted through the earlier run: the resumed run's first `a` is the earlier run's
    /// second, which did not succeed there.
    @Test func anUnreadableLineInAResumedRunStandsAfterItsTaskInTheChain() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.writeJournal(
            "20261203-120000-1", in: directory,
            [(1, "a", "SUCCESS"), (2, "x", "FAILED"), (3, "a", "FAILED"), (4, "c", "FAILED")])
        try Self.writeJournal(
            "20261203-120100-2", in: directory, resumedFrom: "20261203-120000-1",
            [(2, "x", "FAILED"), (3, "a", "SUCCESS"), (4, "?", "UNREADABLE"), (5, "c", "CANCELLED")])
        let words = ["a", "x", "a", "b", "c"]
        #expect(try Self.resumed("20261203-120100-2", in: directory, onlyFailed: true, words) == [2, 4, 5])
    }

    /// A resumed run whose first journaled task stands for a line it could not read (the tasks before it were left
    /// out) opens no gap at the source's start: that line stands after the earlier run's task before it, and a line
    /// added at the top since is one the finished runs never had, which `--resume-failed` leaves out.
    @Test func anUnreadableLineFirstInAResumedRunIsNoGapAtTheStart() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.writeJournal(
            "20261203-120000-1", in: directory, [(1, "a", "SUCCESS"), (2, "?", "UNREADABLE"), (3, "c", "CANCELLED")])
        try Self.writeJournal(
            "20261203-120100-2", in: directory, resumedFrom: "20261203-120000-1",
            [(2, "?", "UNREADABLE"), (3, "c", "CANCELLED")])
        let words = ["z", "a", "b", "c"]
        #expect(try Self.resumed("20261203-120100-2", in: directory, onlyFailed: true, words) == [3, 4])
    }

    /// Runs that name each other as resumed (a damaged history) are each read once, and one that is gone from the
    /// history ends the chain.
    @Test func aChainThatLoopsOrBreaksEnds() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.writeJournal(
            "20261203-120000-1", in: directory, resumedFrom: "20261203-120100-2", [(1, "a", "SUCCESS")])
        try Self.writeJournal(
            "20261203-120100-2", in: directory, resumedFrom: "20261203-120000-1", [(2, "b", "SUCCESS")])
        try Self.writeJournal(
            "20261203-120200-3", in: directory, resumedFrom: "20261203-115900-0", [(3, "c", "SUCCESS")])
        #expect(try Self.resumed("20261203-120100-2", in: directory, onlyFailed: false, ["a", "b", "c"]) == [3])
        #expect(try Self.resumed("20261203-120200-3", in: directory, onlyFailed: false, ["a", "b", "c"]) == [1, 2])
    }
}
