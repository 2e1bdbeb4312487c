import PRXKernel

/// A source that leaves out the tasks earlier runs already settled, for `--resume` and `--resume-failed`.
///
/// Tasks are matched by ``TaskIdentity``, so that a task is known again after lines were added or moved. An arguments
/// line that is not UTF-8 is matched by its key before prx labelled it with its bytes too
/// (``TaskIdentity/hashBeforeBytesWereShown(for:)``), when the earlier runs have no task of its own key: a journal an
/// older prx wrote labelled it with U+FFFD for those bytes; a later run that matched it so and ran it under its own
/// key stands for the older journal's task in a resumption of that run (``Verdicts/supersedes(_:_:)``). Tasks that
/// share a key (identical lines) are told apart by their order: the n-th task with a key gets what the earlier run's
/// n-th task with that key (by id) earned, and a task past the earlier run's last with its key is one the earlier run
/// never had. A run that was itself a resumption
/// is read with the runs it took up (`resumed_from` in its journal), so that a task that succeeded in any of them is
/// left out: a run killed twice and resumed twice runs nothing twice. A dependency on a task left out counts as met,
/// since that task succeeded in an earlier run (or, for `--resume-failed`, was never part of this run).
///
/// For `--resume-failed` of runs that were all killed, a task the runs never had runs only past the last task each
/// of them had (``Verdicts/reachMarkers``). Such a task is held back until the source says which side of those it is
/// on: a task the runs had that comes after it makes it a line added before their last tasks, left out; the source's
/// end with a last task still to come (gone from the source since) makes it one they never reached, which runs.
///
/// A line the runs could not read (``TaskMetadataKey/unreadable``) was reported as a task whose key is not the
/// line's once it reads: the tasks the runs never had that the source gives where it stood (after the task before
/// it, and before the next task the runs had that did not succeed) stand for it, and run under either flag. Where the
/// source gives none (the line removed since), the line's task is one the source no longer has, as a task the runs
/// had whose line is gone.
///
/// The lines after one the line parser refused, or left when a run halted or was interrupted, were reported cancelled
/// without being parsed (``TaskMetadataKey/unparsed``), under their labels' keys (``TaskIdentity/hash(ofLabel:)``): a
/// task the runs did not have under its own key is matched by its label to such a line, which it is once it parses.
/// Such a line the source no longer gives is not one that was gone from it: the parser may have skipped it (as it
/// would a comment), and it was never a task the runs knew. A line the source gives unparsed in this run (which stops
/// before it) is matched by its label to the task the runs made of it, read from their journals
/// (``Verdicts/parsedKeys``), or else to such a line: left out when that succeeded, as if it had been parsed, and not
/// taken for a task gone from the source.
public struct ResumedTaskSource: TaskSource {
    /// An earlier task by its key and its place among the earlier tasks with that key: the task before a line the
    /// earlier runs could not read.
    fileprivate struct GapAnchor: Hashable, Sendable {
        var key: UInt64
        var index: Int
    }

    /// Where lines the earlier runs could not read stood: before every task they had, or after one of them.
    fileprivate enum GapPlace: Hashable, Sendable {
        case start
        case after(GapAnchor)
    }

    /// The task that stood for a line an earlier run could not read: that run, and the task's id there.
    fileprivate struct StandIn: Hashable, Sendable {
        var runID: String
        var id: Int
    }

    /// What earlier runs say of their tasks, by key (``TaskIdentity/hash(for:)``): read from their journals line
    /// by line, keeping a final outcome per task (``FinalTaskOutcomes``) and then one per key (``VerdictTable``: some
    /// 19 bytes a key) rather than the runs' records.
    public struct Verdicts: Sendable {
        fileprivate var byKey: VerdictTable
        /// Whether a task the earlier runs never had runs: yes for `--resume`; for `--resume-failed`, only when no
        /// run of the chain finished, since then the runs were killed before they reached every task, and only past
        /// the last task each of them had (``reachMarkers``): one before it is a line added since.
        fileprivate let runsUnknownTasks: Bool
        /// The keys of the lines the earlier runs reported without parsing them (``TaskMetadataKey/unparsed``).
        fileprivate let unparsedKeys: Set<UInt64>
        /// For `--resume-failed` of runs that were all killed, the key of the last task (by id) of each: how far each
        /// read the source, which is read in order. A key is let go of once every earlier task with it is matched;
        /// one whose task is gone from the source is never matched (``ResumedTaskSource`` holds back what follows).
        fileprivate var reachMarkers: Set<UInt64> = []
        /// The history, and the runs read: `runID` and those it resumed, latest first.
        fileprivate let history: RunHistory
        fileprivate let chain: [String]
        /// Where the earlier runs had lines they could not read, each with the tasks that stood for those lines: the
        /// source's start, or after a task they had, matching which opens a gap where the tasks they never had run,
        /// standing for those lines.
        fileprivate let gaps: [GapPlace: [StandIn]]
        /// The gap the tasks the source gives now stand in, where a line the earlier runs could not read stood: from
        /// its anchor (or the source's start, when such a line came before every task they had) to the next task
        /// they had that did not succeed, which the run stopped by that line reported after it; `nil` outside them.
        fileprivate var openGap: GapPlace?
        /// The gaps of the stretch ``openGap`` ends: gaps the source joins with only tasks that succeeded (left out)
        /// between them are one place, as a resumption left those tasks out and anchored a line it could not read
        /// after the task before them, where the run it resumed had it after the last of them.
        fileprivate var openStretch: [GapPlace] = []
        /// The first gap of the stretch of each gap joined to an earlier one, so that a line is named once.
        fileprivate var stretchStart: [GapPlace: GapPlace] = [:]
        /// The gaps no task has run in yet: where the source gave none, the lines they stood for are gone from it.
        fileprivate var unfilledGaps: Set<GapPlace>
        /// The keys of the earlier runs' tasks not matched yet, by their labels' (``TaskIdentity/hash(ofLabel:)``):
        /// what a line the source gives unparsed is matched by. Read from the runs' journals when the first such line
        /// comes (a run that stops before the end of its source), `nil` until then; a label with tasks of two keys
        /// (a line whose command changed between the runs) has the latest run's.
        fileprivate var parsedKeys: [UInt64: UInt64]?
        /// For each key of the runs' tasks, the runs that have one, as places in ``chain`` (0 the latest): from the
        /// latest to the earliest. Read from their journals when a line that is not UTF-8 first needs it
        /// (``supersedes(_:_:)``), `nil` until then.
        fileprivate var keyRuns: [UInt64: ClosedRange<Int>]?
        /// The result files the run taken up wrote that a resumption adds to, as its journal last recorded them, when
        /// the run did not end (killed, or its journal lacking tasks): what the resumption cuts back before it adds to
        /// them (``RecordedResultFile/cutBack(fileAt:)``). None for a run that ended, whose journal has the end of
        /// every task it wrote a row of, nor for a journal of an older prx, which records none.
        public let resultFilesToCutBack: [RecordedResultFile]
        /// The run of the chain that was not read, its journal gone, unreadable or another user's; `nil` when every run
        /// named was read.
        public let unreadRun: UnreadRun?

        fileprivate init(
            byKey: VerdictTable, runsUnknownTasks: Bool, reachMarkers: Set<UInt64> = [], history: RunHistory,
            chain: [String], gaps: [GapPlace: [StandIn]], unparsedKeys: Set<UInt64>,
            resultFilesToCutBack: [RecordedResultFile], unreadRun: UnreadRun?
        ) {
            self.resultFilesToCutBack = resultFilesToCutBack
            self.unreadRun = unreadRun
            self.byKey = byKey
            self.runsUnknownTasks = runsUnknownTasks
            self.unparsedKeys = unparsedKeys
            self.reachMarkers = reachMarkers
            self.history = history
            self.chain = chain
            self.gaps = gaps
            openGap = gaps[.start] == nil ? nil : .start
            openStretch = openGap.map { [$0] } ?? []
            unfilledGaps = Set(gaps.keys)
        }

        /// Marks every gap of the open stretch filled: a task ran there, or the source could not read a line there.
        fileprivate mutating func fillOpenStretch() {
            unfilledGaps.subtract(openStretch)
        }

        /// `--resume`: every task but those that succeeded in run `runID` or a run it resumed (GNU parallel's
        /// `--resume`), tasks the run never had included; also how that run was started.
        public static func resume(_ runID: String, in history: RunHistory) throws(RunHistory.HistoryError)
            -> (RunInvocation, Verdicts)
        {
            let chain = try outcomes(of: runID, in: history)
            return (chain.invocation, Verdicts(byKey: chain.byKey, runsUnknownTasks: true, history: history,
                chain: chain.runIDs, gaps: chain.gaps, unparsedKeys: chain.unparsedKeys,
                resultFilesToCutBack: chain.resultFilesToCutBack, unreadRun: chain.unreadRun))
        }

        /// `--resume-failed`: only the tasks of run `runID` that did not succeed there nor in a run it resumed:
        /// those that failed, timed out, could not start, were cancelled or skipped, or started and never
        /// finished, and, when no run of the chain finished (each was killed, with `SIGKILL` or with the machine,
        /// and wrote nothing of the tasks it had not reached yet), the tasks none of them reached: those past the
        /// last task each had (a task added before that is one they never had); also how that run was started.
        public static func resumeFailed(_ runID: String, in history: RunHistory) throws(RunHistory.HistoryError)
            -> (RunInvocation, Verdicts)
        {
            let chain = try outcomes(of: runID, in: history)
            return (chain.invocation, Verdicts(
                byKey: chain.byKey, runsUnknownTasks: !chain.complete,
                reachMarkers: chain.complete ? [] : chain.lastKeys,
                history: history, chain: chain.runIDs, gaps: chain.gaps, unparsedKeys: chain.unparsedKeys,
                resultFilesToCutBack: chain.resultFilesToCutBack, unreadRun: chain.unreadRun))
        }

        /// What run `runID` and the runs it resumed say of their tasks.
        private struct Chain {
            var invocation: RunInvocation
            var byKey: VerdictTable
            /// Whether these runs' journals list every task they had (one of them finished).
            var complete: Bool
            /// The key of each run's last task, by id.
            var lastKeys: Set<UInt64>
            /// The runs, latest first.
            var runIDs: [String]
            /// Where the runs had lines they could not read, with the tasks that stood for them: after a task, or
            /// before every task of the oldest run (a later run left out the tasks before its own).
            var gaps: [GapPlace: [StandIn]]
            /// The keys of the lines the runs reported without parsing them.
            var unparsedKeys: Set<UInt64>
            /// The latest run's result files to cut back (``Verdicts/resultFilesToCutBack``): what it wrote is all the
            /// files hold of the chain, a resumption adding to them after cutting them back to what its run recorded.
            var resultFilesToCutBack: [RecordedResultFile]
            /// The run named by the oldest run read that was not read itself.
            var unreadRun: UnreadRun?
        }

        /// Whether each task of run `runID` succeeded, by key, its tasks with one key in id order, combined with
        /// the runs it resumed (`earlierRuns` are those already read, which a damaged chain must not read again).
        private static func outcomes(
            of runID: String, in history: RunHistory, earlierRuns: Set<String> = []
        ) throws(RunHistory.HistoryError) -> Chain {
            var read = FinalTaskOutcomes()
            let (invocation, finished, resultFiles) = try history.readOutcomes(of: runID) { id, key, status, kind in
                read.note(id: id, key: key, status: status, kind: kind)
            }
            let tasks = read.inIDOrder()
            var byKey = VerdictTable(minimumCapacity: tasks.count)
            let lastKeys = tasks.last.map { [$0.key] } ?? Set<UInt64>()
            var gaps: [GapPlace: [StandIn]] = [:]
            var previous: GapAnchor?
            var standIns = read.unreadable.sorted()[...]
            for task in tasks {
                while let id = standIns.first, id <= task.id {
                    // An unreadable line's task, which no key of the source matches: not one of the runs' tasks.
                    standIns.removeFirst()
                    if id == task.id { continue }
                    gaps[previous.map(GapPlace.after) ?? .start, default: []].append(StandIn(runID: runID, id: id))
                }
                previous = GapAnchor(key: task.key, index: byKey.append(task.succeeded, for: task.key))
            }
            for id in standIns {
                gaps[previous.map(GapPlace.after) ?? .start, default: []].append(StandIn(runID: runID, id: id))
            }
            let unparsedKeys = read.unparsedKeys
            var visited = earlierRuns
            visited.insert(runID)
            var own = Chain(
                invocation: invocation, byKey: byKey, complete: finished, lastKeys: lastKeys, runIDs: [runID],
                gaps: gaps, unparsedKeys: unparsedKeys, resultFilesToCutBack: finished ? [] : resultFiles)
            guard let earlierID = invocation.configuration[RunHistory.resumedFromEntry], !visited.contains(earlierID)
            else { return own }
            let earlier: Chain
            do {
                earlier = try outcomes(of: earlierID, in: history, earlierRuns: visited)
            } catch {
                // Read without it: what succeeded only there may run again, which a task run twice costs, where
                // refusing would leave the run no resumption at all (another user's journal cannot be taken away).
                own.unreadRun = UnreadRun(runID: earlierID, resumedBy: runID, reason: error.journalReason)
                return own
            }
            var combined = earlier.byKey
            for (key, later) in byKey.entries {
                combined[key] = combined[key].map {
                    Verdict(Verdict.combining(earlier: $0.succeeded, later: later.succeeded))
                } ?? later
            }
            // This run's n-th task with a key stands for the earlier runs' n-th such task that did not succeed, or
            // for one past theirs. A line this run could not read before any task it journaled is not a gap at the
            // source's start: the tasks before it were left out, so it is a line the earlier runs could not read
            // either (anchored where they stood it already) or one they had under its own key.
            var chainGaps = earlier.gaps
            for case (.after(let anchor), let standIns) in gaps {
                let earlierList = earlier.byKey[anchor.key]?.succeeded ?? []
                let unsettled = earlierList.indices.filter { !earlierList[$0] }
                let index = anchor.index < unsettled.count
                    ? unsettled[anchor.index] : earlierList.count + anchor.index - unsettled.count
                chainGaps[.after(GapAnchor(key: anchor.key, index: index)), default: []] += standIns
            }
            return Chain(
                invocation: invocation, byKey: combined, complete: finished || earlier.complete,
                lastKeys: lastKeys.union(earlier.lastKeys), runIDs: [runID] + earlier.runIDs, gaps: chainGaps,
                unparsedKeys: unparsedKeys.union(earlier.unparsedKeys), resultFilesToCutBack: own.resultFilesToCutBack,
                unreadRun: earlier.unreadRun)
        }
    }

    /// A run of the chain a resumption does not read: the run that resumed it names it (`resumed_from`), and its
    /// journal is gone, cannot be read, or is owned by another user (``RunHistory/trustedWriter``), whose word on
    /// what succeeded would have the resumption leave tasks out. Neither it nor the runs it resumed are read, so that a
    /// task that succeeded only there runs again under `--resume`.
    public struct UnreadRun: Sendable {
        /// The run not read.
        public var runID: String
        /// The run whose journal names it.
        public var resumedBy: String
        /// Why it is not read, as a clause (``RunHistory/HistoryError/journalReason``): `the journal …/ID.jsonl is
        /// gone`.
        public var reason: String
    }

    /// Tasks the earlier runs did not settle that the source no longer has (their task file or line is gone), so
    /// that they are not run again and their failure stands: the first few by label, with how many tasks share each
    /// label (identical lines), and how many there are in all.
    public struct MissingTasks: Sendable {
        /// The first ``namedLimit`` labels, in the order the latest run had them, each with its count.
        public var named: [(label: String, count: Int)]
        /// Every missing task, named or not.
        public var total: Int

        /// How many labels are named; past it, only counted.
        public static let namedLimit = 20
    }

    private var base: any TaskSource
    /// Told once, when the source is read to its end, of the tasks it no longer has; not when it has them all.
    private let reportMissing: @Sendable (MissingTasks) -> Void
    private var readToEnd = false

    /// When a reach marker is still to come, the tasks the earlier runs never had that the source gave since the last
    /// task they had: left out once the source gives another task they had (these lie before that one, so before
    /// the runs' last tasks), run once it ends without one (those last tasks are gone from the source, and these lie
    /// past every task the runs had that it still has). Past ``heldBackLimit`` of them, or ``heldBackByteLimit`` of
    /// their labels and arguments, the markers are taken for gone, and these run, as do the tasks the runs never had
    /// that follow.
    private var heldBack: [TaskSpec] = []
    /// The bytes of the held-back tasks' labels and arguments.
    private var heldBackBytes = 0
    /// Held-back tasks found to run, given before the source is read further.
    private var released: ArraySlice<TaskSpec> = []

    /// How many tasks are held back at most: a killed run whose last task is gone from a source of millions of lines
    /// holds a few megabytes, not the lines it never reached, and a run of them starts without waiting for the rest.
    public static let heldBackLimit = 10_000

    /// How many bytes of labels and arguments the held-back tasks hold at most (64 MiB): a line may be up to 16 MiB,
    /// so ``heldBackLimit`` of them alone could be gigabytes.
    public static let heldBackByteLimit = 64 << 20

    /// What becomes of a task the source gives.
    private enum Fate {
        case runs
        case leftOut
        case heldBack
    }

    /// The wrapped source's tasks keep their ids, each given once: those left out are not given.
    public var promisesUniqueIDs: Bool { base.promisesUniqueIDs }

    /// Nothing to wait for while held-back tasks are to be given.
    public var inputWait: (any InputWait)? { released.isEmpty ? base.inputWait : nil }

    /// Tells the wrapped source that the run starts none of its tasks left.
    public mutating func remainingTasksWillBeCancelled() {
        base.remainingTasksWillBeCancelled()
    }

    /// Ends the reading of the wrapped source's input.
    public mutating func stopReadingInput() {
        base.stopReadingInput()
    }
    private var verdicts: Verdicts
    /// The ids of the tasks left out, which a dependency on counts as met.
    private var leftOut = TaskIDSet()

    /// Wraps `base`, leaving out the tasks `verdicts` says do not run again; `reportMissing` is told of those
    /// the earlier runs did not settle that `base` no longer has, once it has given its last task.
    public init(
        _ base: any TaskSource, verdicts: Verdicts, reportMissing: @escaping @Sendable (MissingTasks) -> Void = { _ in }
    ) {
        self.base = base
        self.verdicts = verdicts
        self.reportMissing = reportMissing
    }

    public mutating func next() throws -> TaskSpec? {
        if let task = released.popFirst() { return withoutLeftOutDependencies(task) }
        while let task = try nextOfBase() {
            switch fate(of: task) {
            case .runs:
                return withoutLeftOutDependencies(task)
            case .leftOut:
                leftOut.insert(task.id)
            case .heldBack:
                let bytes = task.label.utf8.count + task.argv.reduce(0) { $0 + $1.utf8.count }
                guard heldBack.count < Self.heldBackLimit, heldBackBytes + bytes <= Self.heldBackByteLimit else {
                    // Past the limits the markers are taken for gone: the held-back tasks run, then this one.
                    verdicts.reachMarkers = []
                    releaseHeldBack()
                    released.append(task)
                    return try next()
                }
                heldBack.append(task)
                heldBackBytes += bytes
            }
        }
        if !readToEnd {
            readToEnd = true
            if let missing = verdicts.missingTasks() { reportMissing(missing) }
            releaseHeldBack()
        }
        return released.popFirst().map(withoutLeftOutDependencies)
    }

    /// The wrapped source's next task. A line it cannot read where a line the earlier runs could not read stood is
    /// that line still, which fills its gap: it is in the source, not gone.
    private mutating func nextOfBase() throws -> TaskSpec? {
        do {
            return try base.next()
        } catch let unreadable as UnreadableTaskError {
            verdicts.fillOpenStretch()
            throw unreadable
        }
    }

    public mutating func prepare(_ task: TaskSpec, dependencyResults: [TaskResult]) throws -> TaskSpec {
        try base.prepare(task, dependencyResults: dependencyResults)
    }

    /// What becomes of `task`, the next one with its key: it runs unless its match in the earlier runs (by its key,
    /// or by its label to a line they did not parse, or, given unparsed, to the task they made of its line) succeeded;
    /// one they never had runs when ``Verdicts/runsUnknownTasks``, and past the last task each of them had (held back
    /// while one of those is still to come).
    private mutating func fate(of task: TaskSpec) -> Fate {
        let match: Bool?
        let key = TaskIdentity.hash(for: task)
        let olderKey = TaskIdentity.hashBeforeBytesWereShown(for: task)
        if task.metadata[TaskMetadataKey.unparsed] != nil {
            match = verdicts.matchUnparsedLine(task)
        } else if let olderKey, verdicts.supersedes(key, olderKey) {
            match = verdicts.matchTakenUp(key, from: olderKey)
        } else {
            match = verdicts.match(key) ?? olderKey.flatMap { verdicts.match($0) } ?? verdicts.matchUnparsed(task)
        }
        guard let succeeded = match else {
            if verdicts.openGap != nil {
                verdicts.fillOpenStretch()
                return .runs
            }
            guard verdicts.runsUnknownTasks else { return .leftOut }
            return verdicts.reachMarkers.isEmpty ? .runs : .heldBack
        }
        // A task the earlier runs had comes before their last tasks, and so do those held back before it.
        if !heldBack.isEmpty {
            for held in takeHeldBack() { leftOut.insert(held.id) }
        }
        return succeeded ? .leftOut : .runs
    }

    /// Makes the held-back tasks the next ones given.
    private mutating func releaseHeldBack() {
        released = takeHeldBack()[...]
    }

    /// The held-back tasks, none held back any more.
    private mutating func takeHeldBack() -> [TaskSpec] {
        defer {
            heldBack = []
            heldBackBytes = 0
        }
        return heldBack
    }

    /// `task` without its dependencies on tasks left out, which count as met.
    private func withoutLeftOutDependencies(_ task: TaskSpec) -> TaskSpec {
        guard !leftOut.isEmpty else { return task }
        var task = task
        task.dependencies.removeAll(where: leftOut.contains)
        return task
    }
}

extension ResumedTaskSource.Verdicts {
    /// Matches the next task with `key` to the earlier runs' next task with it: whether that one succeeded, or `nil`
    /// when they had no task with `key` left to match (a task they never had). Opens or closes the gap where a line
    /// they could not read stood (``openGap``).
    fileprivate mutating func match(_ key: UInt64) -> Bool? {
        guard let (succeeded, place, last) = byKey.matchNext(key) else { return nil }
        if last { reachMarkers.remove(key) }
        if !succeeded {
            openGap = nil
            openStretch = []
        }
        if !gaps.isEmpty {
            let gap = ResumedTaskSource.GapPlace.after(ResumedTaskSource.GapAnchor(key: key, index: place))
            if gaps[gap] != nil {
                if let first = openStretch.first { stretchStart[gap] = first }
                openGap = gap
                openStretch.append(gap)
            }
        }
        return succeeded
    }

    /// Whether the runs' tasks of `key` stand for their tasks of `olderKey`, the key a line that is not UTF-8 had in a
    /// journal written before prx labelled it with its bytes (``TaskIdentity/hashBeforeBytesWereShown(for:)``): every
    /// run with a task of `olderKey` is older than every run with one of `key`. So it is when a resumption of such a
    /// journal matched the line by `olderKey` and ran it under `key`: the runs' tasks of `olderKey` are then the
    /// older journal's, which the lines with that older key took in turn. Never for a single run, whose journal has
    /// two lines that differ only in those bytes as two tasks (a literal U+FFFD line beside one that is not UTF-8).
    fileprivate mutating func supersedes(_ key: UInt64, _ olderKey: UInt64) -> Bool {
        guard chain.count > 1, byKey[key] != nil, byKey[olderKey] != nil else { return false }
        if keyRuns == nil { keyRuns = readKeyRuns() }
        guard let runs = keyRuns?[key], let olderRuns = keyRuns?[olderKey] else { return false }
        return olderRuns.lowerBound > runs.upperBound
    }

    /// Matches a task whose key `key` a later run of the chain gave it once it had matched it by `olderKey`
    /// (``supersedes(_:_:)``), as that run matched it: to the next task of `olderKey`, which the line took in its turn
    /// (leaving it to a line of that key the next one of them); when that succeeded, the later run left the task out,
    /// and so does this one; otherwise it ran the task under `key`, whose next task says what became of it (one past
    /// them did not succeed in the older run, and runs). `nil` when the runs have no task of either key left.
    fileprivate mutating func matchTakenUp(_ key: UInt64, from olderKey: UInt64) -> Bool? {
        guard let earlier = match(olderKey) else { return match(key) }
        return earlier || (match(key) ?? false)
    }

    /// The places in ``chain`` of the runs that have a task of each key (``keyRuns``), from their journals.
    private func readKeyRuns() -> [UInt64: ClosedRange<Int>] {
        var runs: [UInt64: ClosedRange<Int>] = [:]
        for (place, runID) in chain.enumerated() {
            _ = try? history.readOutcomes(of: runID) { _, key, _, _ in
                guard let hash = TaskIdentity.hash(ofKey: key) else { return }
                runs[hash] = runs[hash].map { min($0.lowerBound, place)...max($0.upperBound, place) } ?? place...place
            }
        }
        return runs
    }

    /// Matches `task`, which the earlier runs did not have under its key, to the next line with its label they
    /// reported without parsing it (``unparsedKeys``), which it is once it parses: whether that line's task
    /// succeeded, or `nil` when they have no such line left to match.
    fileprivate mutating func matchUnparsed(_ task: TaskSpec) -> Bool? {
        guard !unparsedKeys.isEmpty else { return nil }
        for label in Self.labels(of: task) {
            let key = TaskIdentity.hash(ofLabel: label)
            if unparsedKeys.contains(key), let succeeded = match(key) { return succeeded }
        }
        return nil
    }

    /// The labels `task` is known by in the earlier runs' journals: its own, and for an arguments line that is not
    /// UTF-8, the one a journal written before its bytes were shown has
    /// (``TaskIdentity/labelBeforeBytesWereShown(of:)``), tried after it, so that two lines differing only in those
    /// bytes are two tasks in a journal written since.
    private static func labels(of task: TaskSpec) -> [String] {
        [task.label] + (TaskIdentity.labelBeforeBytesWereShown(of: task).map { [$0] } ?? [])
    }

    /// Matches `task`, a line the source gives unparsed, to the earlier runs' next task of that line, as a line it
    /// parses is matched: to the task they made of it, under the key ``parsedKeys`` has for its label, or else to one
    /// they reported unparsed too (``matchUnparsed(_:)``). Whether that succeeded, or `nil` when they had neither.
    fileprivate mutating func matchUnparsedLine(_ task: TaskSpec) -> Bool? {
        if parsedKeys == nil { parsedKeys = readParsedKeys() }
        for label in Self.labels(of: task) {
            if let key = parsedKeys?[TaskIdentity.hash(ofLabel: label)], let succeeded = match(key) { return succeeded }
        }
        return matchUnparsed(task)
    }

    /// The keys of the earlier runs' tasks not matched yet by their labels' keys, from their journals, latest run
    /// first; a task whose key is its label's (one reported unparsed, a stand-in) is left out, being matched by it.
    private func readParsedKeys() -> [UInt64: UInt64] {
        var keys: [UInt64: UInt64] = [:]
        for runID in chain {
            _ = try? history.forEachTask(of: runID) { task in
                guard let key = TaskIdentity.hash(ofKey: task.key), let verdict = byKey[key], verdict.count > 0
                else { return }
                let labelKey = TaskIdentity.hash(ofLabel: task.label)
                if labelKey != key && keys[labelKey] == nil { keys[labelKey] = key }
            }
        }
        return keys
    }

    /// The tasks of the earlier runs that did not succeed and were not matched by a task of this run's source, and
    /// those that stood for lines they could not read where the source gave no task in their place (``unfilledGaps``),
    /// read once the source has given its last: `nil` when there are none. Lines they did not parse are not among
    /// them: such a line may be one the parser skips, and was never one of their tasks. Their labels are read from the
    /// runs' journals again, latest run first, as only their keys (and the stand-ins' ids) were kept.
    fileprivate func missingTasks() -> ResumedTaskSource.MissingTasks? {
        var counts: [UInt64: Int] = [:]
        for (key, verdict) in byKey.entries where !unparsedKeys.contains(key) {
            let failed = verdict.unmatched.count { !$0 }
            if failed > 0 { counts[key] = failed }
        }
        // Of a stretch's gaps, only the latest run's stand-ins are named: the runs before it stood the same lines
        // there (it stopped at them again), or lines it read since.
        let standIns = Dictionary(grouping: unfilledGaps) { stretchStart[$0] ?? $0 }.values.flatMap { stretch in
            let all = stretch.flatMap { gaps[$0] ?? [] }
            let latest = chain.first { runID in all.contains { $0.runID == runID } }
            return all.filter { $0.runID == latest }
        }
        guard !counts.isEmpty || !standIns.isEmpty else { return nil }
        var missing = ResumedTaskSource.MissingTasks(
            named: [], total: counts.values.reduce(0, +) + standIns.count)
        var unnamed = counts
        var unnamedStandIns = Dictionary(grouping: standIns, by: \.runID).mapValues { Set($0.map(\.id)) }
        for runID in chain where missing.named.count < ResumedTaskSource.MissingTasks.namedLimit
            && (!unnamed.isEmpty || !unnamedStandIns.isEmpty)
        {
            var standInIDs = unnamedStandIns.removeValue(forKey: runID) ?? []
            _ = try? history.forEachTask(of: runID) { task in
                guard missing.named.count < ResumedTaskSource.MissingTasks.namedLimit else { return }
                if standInIDs.remove(task.id) != nil {
                    missing.named.append((task.label, 1))
                } else if let hash = TaskIdentity.hash(ofKey: task.key), let count = unnamed.removeValue(forKey: hash) {
                    missing.named.append((task.label, count))
                }
            }
        }
        return missing
    }
}
