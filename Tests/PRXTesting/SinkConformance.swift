import PRXKernel

/// Checks that a sequence of events keeps the promise every sink relies on (see ``RunEvent``): one run start
/// first, one run end last, every task finished exactly once, a started task finished after its start and on a
/// worker (one that never started on none), each placement within the attempt it names (after its start, before
/// the event that ends it), at most one halt, no task started after it, and a summary whose totals count the
/// finished tasks and name the halt.
public enum SinkConformance {
    /// Returns one line per broken rule; an empty array means the events conform.
    public static func violations(in events: [RunEvent]) -> [String] {
        var problems: [String] = []
        guard case .runStarted = events.first else {
            return ["the first event is not runStarted"]
        }
        guard case .runFinished(let summary) = events.last else {
            return ["the last event is not runFinished"]
        }
        var started: Set<TaskID> = []
        var finished: Set<TaskID> = []
        /// The attempt of each task that has started and not ended.
        var running: [TaskID: Int] = [:]
        var haltReason: String?
        for (index, event) in events.enumerated() {
            switch event {
            case .runHalted(let reason):
                if haltReason != nil { problems.append("runHalted again at event \(index)") }
                haltReason = reason
            case .taskStarted(let start) where haltReason != nil && !started.contains(start.task.id):
                problems.append("task \(start.task.id) started after the halt")
            case .runStarted where index != 0:
                problems.append("runStarted again at event \(index)")
            case .runFinished where index != events.count - 1:
                problems.append("runFinished before the end, at event \(index)")
            case .taskStarted(let start):
                if finished.contains(start.task.id) {
                    problems.append("task \(start.task.id) started after it finished")
                }
                started.insert(start.task.id)
                running[start.task.id] = start.attempt
            case .taskPlaced(let placement):
                if running[placement.task.id] != placement.attempt {
                    problems.append(
                        "task \(placement.task.id) placed outside its attempt \(placement.attempt), at event \(index)")
                }
            case .attemptFailed(let result):
                if !started.contains(result.task.id) || finished.contains(result.task.id) {
                    problems.append("task \(result.task.id) failed an attempt outside its run")
                }
                running[result.task.id] = nil
            case .taskFinished(let result):
                running[result.task.id] = nil
                if !finished.insert(result.task.id).inserted {
                    problems.append("task \(result.task.id) finished twice")
                }
                if result.workerID != 0 && !started.contains(result.task.id) {
                    problems.append("task \(result.task.id) ran on a worker but was never started")
                }
                if result.workerID == 0 && started.contains(result.task.id) {
                    problems.append("task \(result.task.id) started but finished on no worker")
                }
            default:
                break
            }
        }
        for id in started.subtracting(finished).sorted() {
            problems.append("task \(id) started but never finished")
        }
        if let haltReason, summary.haltReason != haltReason {
            problems.append("the run halted for \(haltReason), the summary says \(summary.haltReason ?? "nothing")")
        }
        if summary.statistics.finished != finished.count {
            problems.append(
                "the summary counts \(summary.statistics.finished) finished tasks, sinks saw \(finished.count)")
        }
        return problems
    }

    /// Returns one line per piece of output given outside its attempt (``Sink/receiveOutput(_:)``): before the
    /// attempt's start, or after the event that ended it; an empty array means the output came where it must.
    public static func outputViolations(in entries: [OutputLog.Entry]) -> [String] {
        var problems: [String] = []
        var running: Set<TaskID> = []
        for (index, entry) in entries.enumerated() {
            switch entry {
            case .event(.taskStarted(let start)):
                running.insert(start.task.id)
            case .event(.attemptFailed(let result)), .event(.taskFinished(let result)):
                running.remove(result.task.id)
            case .output(let chunk) where !running.contains(chunk.taskID):
                problems.append("output of task \(chunk.taskID) given outside an attempt, at entry \(index)")
            default:
                break
            }
        }
        return problems
    }
}
