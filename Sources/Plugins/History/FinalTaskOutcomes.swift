import PRXKernel

/// The final outcome of each task of one journal, read line by line (``RunHistory/readOutcomes(of:_:)``) as the last
/// line of each id says it, for ``ResumedTaskSource``.
///
/// A task's start is held by its id only until its end is read, so that what is held for each task is its end: 24
/// bytes in an array, sorted by id once the journal is read, where a dictionary by id held some 50 bytes a task (a
/// journal of a million tasks: 25 MB against 50).
struct FinalTaskOutcomes {
    /// A task's key (``TaskIdentity/hash(ofKey:)``) and whether it succeeded.
    struct Outcome {
        var id: Int
        var key: UInt64
        var succeeded: Bool
    }

    /// The ends read, in the journal's order.
    private var ends: [Outcome] = []
    /// The tasks whose start is read and no end after it yet, with their keys.
    private var started: [Int: UInt64] = [:]
    /// The ids of the stand-ins of lines the run could not read.
    private(set) var unreadable: Set<Int> = []
    /// The keys of the lines the run reported without parsing them.
    private(set) var unparsedKeys: Set<UInt64> = []

    /// Notes a task line: its id, key, status (``RunRecord/TaskRecord/runningStatus`` for a start) and kind.
    mutating func note(id: Int, key: String, status: String, kind: RunHistory.TaskLineKind) {
        if kind == .unreadable {
            unreadable.insert(id)
            return
        }
        let hash = TaskIdentity.hash(ofKey: key) ?? 0
        if kind == .unparsed { unparsedKeys.insert(hash) }
        if status == RunRecord.TaskRecord.runningStatus {
            started[id] = hash
        } else {
            started[id] = nil
            ends.append(Outcome(id: id, key: hash, succeeded: status == TaskStatus.success.rawValue))
        }
    }

    /// Each task's final outcome, by id: that of its last line, a start not followed by an end being a task that
    /// did not succeed. Leaves the ends read behind.
    mutating func inIDOrder() -> [Outcome] {
        var outcomes = ends
        ends = []
        // A start read after every end of its id is its last line: it goes after them, and the sort keeps that order.
        outcomes += started.lazy.map { Outcome(id: $0.key, key: $0.value, succeeded: false) }
        started = [:]
        outcomes.sort { $0.id < $1.id }  // stable: the lines of one id stay in the journal's order
        var kept = 0
        for index in outcomes.indices where index + 1 == outcomes.count || outcomes[index + 1].id != outcomes[index].id {
            outcomes[kept] = outcomes[index]
            kept += 1
        }
        outcomes.removeLast(outcomes.count - kept)
        return outcomes
    }
}
