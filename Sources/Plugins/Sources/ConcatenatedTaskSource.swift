import PRXKernel

/// The tasks of several sources, one source after another, renumbered so that every id stays unique: a
/// recipe's own graph followed by the tasks of the sources it chose with `prx.source`.
///
/// Each source's ids (and its tasks' dependencies, which name ids of the same source) are shifted past the
/// largest id the sources before it yielded. The ids of every source after the first are positive, as those of
/// every built-in source are, so each source's shifted ids lie above the shift: that range, not a table of ids,
/// tells which source a task came from. An id that cannot be shifted (a plugin source's near `Int.max`) ends the
/// tasks with an error naming its source.
public struct ConcatenatedTaskSource: TaskSource {
    /// An id of a source that its shift would take past `Int.max`.
    public struct ShiftedIDTooLarge: Error, CustomStringConvertible {
        /// The source's name, as the user chose it.
        public var source: String
        /// The id as the source gave it.
        public var id: Int
        /// The largest id the sources before it yielded.
        public var shift: Int

        public var description: String {
            "source \(source): task id \(id) cannot follow the ids of the sources before it, up to \(shift): "
                + "its ids must be at most \(Int.max - shift)"
        }
    }

    private var sources: [any TaskSource]
    /// Each source's name, for an error about its ids.
    private let names: [String]
    private var current = 0
    /// The shift of each source begun so far, in order: the largest id yielded before it.
    private var offsets = [0]
    private var largest = 0

    /// Yields the tasks of `sources` in order; `names` (one per source) name them in an error, their places in
    /// the list (`#2`) name those it leaves out.
    public init(_ sources: [any TaskSource], names: [String] = []) {
        self.sources = sources
        self.names = names
    }

    public mutating func next() throws -> TaskSpec? {
        while current < sources.count {
            let pulled: TaskSpec?
            do {
                pulled = try sources[current].next()
            } catch var unreadable as UnreadableTaskError {
                unreadable.standIn = try shifted(unreadable.standIn)
                throw unreadable
            }
            if let task = pulled { return try shifted(task) }
            current += 1
            offsets.append(largest)
        }
        return nil
    }

    /// `task` of the current source, its id and dependencies shifted past the sources before it.
    private mutating func shifted(_ task: TaskSpec) throws(ShiftedIDTooLarge) -> TaskSpec {
        var task = task
        let offset = offsets[current]
        if offset != 0 {
            task.id = try shifted(task.id, by: offset)
            task.dependencies = try task.dependencies.map { id throws(ShiftedIDTooLarge) in try shifted(id, by: offset) }
        }
        largest = max(largest, task.id.rawValue)
        return task
    }

    /// `id` of the current source shifted by `offset`.
    private func shifted(_ id: TaskID, by offset: Int) throws(ShiftedIDTooLarge) -> TaskID {
        let (sum, overflow) = id.rawValue.addingReportingOverflow(offset)
        guard !overflow else {
            let name = current < names.count ? names[current] : "#\(current + 1)"
            throw ShiftedIDTooLarge(source: name, id: id.rawValue, shift: offset)
        }
        return TaskID(sum)
    }

    /// Each source's ids lie above the shift, past every id before it, when that source's are above 0 and given once.
    public var promisesUniqueIDs: Bool { sources.allSatisfy(\.promisesUniqueIDs) }

    /// What the source being read waits for, if anything.
    public var inputWait: (any InputWait)? { current < sources.count ? sources[current].inputWait : nil }

    /// Tells every source not finished yet that the run starts none of its tasks left.
    public mutating func remainingTasksWillBeCancelled() {
        for index in sources.indices[current...] {
            sources[index].remainingTasksWillBeCancelled()
        }
    }

    /// Ends the reading of input in every source not finished yet: each yields what it has at hand, in turn.
    public mutating func stopReadingInput() {
        for index in sources.indices[current...] {
            sources[index].stopReadingInput()
        }
    }

    /// The tasks still to come from every source not finished yet, when each of them knows its own.
    public var remainingTaskCount: Int? {
        var total = 0
        for source in sources[current...] {
            guard let remaining = source.remainingTaskCount else { return nil }
            total += remaining
        }
        return total
    }

    /// The tasks still to come from every source not finished yet that knows its own: one source that does not (an
    /// arguments file read as the run goes) leaves out only its own.
    public var knownRemainingTaskCount: Int {
        sources[current...].reduce(0) { $0 + $1.knownRemainingTaskCount }
    }

    public mutating func prepare(_ task: TaskSpec, dependencyResults: [TaskResult]) throws -> TaskSpec {
        let origin = offsets.lastIndex { task.id.rawValue > $0 } ?? 0
        let shift = offsets[origin]
        guard shift != 0 else {
            return try sources[origin].prepare(task, dependencyResults: dependencyResults)
        }
        var original = task
        original.id = TaskID(task.id.rawValue - shift)
        original.dependencies = task.dependencies.map { TaskID($0.rawValue - shift) }
        var prepared = try sources[origin].prepare(original, dependencyResults: dependencyResults)
        prepared.id = task.id
        prepared.dependencies = task.dependencies
        return prepared
    }
}
