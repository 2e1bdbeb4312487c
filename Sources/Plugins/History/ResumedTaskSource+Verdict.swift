extension ResumedTaskSource {
    /// Whether each task with one key succeeded in the earlier runs, in the order they came from the source, and
    /// how many of them this run has matched so far.
    enum Verdict: Sendable {
        /// The earlier runs had one task with this key, not matched yet.
        case one(succeeded: Bool)
        /// The earlier runs had several; `matched` of them have been matched.
        case several(succeeded: [Bool], matched: Int)
        /// Every earlier task with this key has been matched.
        case used

        init(_ succeeded: [Bool]) {
            self = succeeded.count == 1 ? .one(succeeded: succeeded[0]) : .several(succeeded: succeeded, matched: 0)
        }

        /// How many earlier tasks have this key.
        var count: Int {
            switch self {
            case .one: 1
            case .several(let succeeded, _): succeeded.count
            case .used: 0
            }
        }

        /// Whether each earlier task with this key succeeded, in order.
        var succeeded: [Bool] {
            switch self {
            case .one(let succeeded): [succeeded]
            case .several(let succeeded, _): succeeded
            case .used: []
            }
        }

        /// Whether each earlier task with this key not matched yet succeeded, in order.
        var unmatched: ArraySlice<Bool> {
            switch self {
            case .one(let succeeded): [succeeded]
            case .several(let succeeded, let matched): succeeded[matched...]
            case .used: []
            }
        }

        /// What a run that took up `earlier` and then ran its own tasks with this key says of them: a task that
        /// succeeded in the earlier run was left out of the later one, so the later run's tasks, in order, stand
        /// for the earlier run's others and then for tasks the earlier run never had.
        static func combining(earlier: [Bool], later: [Bool]) -> [Bool] {
            var combined: [Bool] = []
            combined.reserveCapacity(max(earlier.count, later.count))
            var next = later.startIndex
            for succeeded in earlier {
                if succeeded {
                    combined.append(true)
                } else if next < later.endIndex {
                    combined.append(later[next])
                    next += 1
                } else {
                    combined.append(false)
                }
            }
            combined += later[next...]
            return combined
        }
    }

    /// The ``Verdict`` of each key, held in a byte beside the key for a key of one task (nearly every key: a line
    /// repeated in the source is rare), and the lists of the keys of several tasks apart: a resumption of a million
    /// tasks holds some 19 MB here, where a dictionary of verdicts, 16 bytes each, held 50 MB.
    struct VerdictTable: Sendable {
        /// What is known of a key without its list.
        private enum State: UInt8, Sendable {
            case succeeded
            case failed
            /// Its list is in ``lists``.
            case several
            case used
        }

        private var states: [UInt64: State] = [:]
        /// The keys of several tasks: whether each succeeded, and how many of them are matched.
        private var lists: [UInt64: (succeeded: [Bool], matched: Int)] = [:]

        /// An empty table with room for `keys` keys.
        init(minimumCapacity keys: Int = 0) {
            states.reserveCapacity(keys)
        }

        /// The verdict of `key`; `nil` when the earlier runs had no task with it. Setting `nil` is not done.
        subscript(key: UInt64) -> Verdict? {
            get { states[key].map { verdict(of: key, $0) } }
            set {
                switch newValue {
                case .one(let succeeded)?:
                    states[key] = succeeded ? .succeeded : .failed
                    lists[key] = nil
                case .several(let succeeded, let matched)?:
                    states[key] = .several
                    lists[key] = (succeeded, matched)
                case .used?:
                    states[key] = .used
                    lists[key] = nil
                case nil:
                    states[key] = nil
                    lists[key] = nil
                }
            }
        }

        /// Every key with its verdict, in no order.
        var entries: some Sequence<(key: UInt64, verdict: Verdict)> {
            states.lazy.map { (key: $0.key, verdict: verdict(of: $0.key, $0.value)) }
        }

        /// Adds the outcome of the next earlier task with `key`; returns its place among them (0 for the first).
        mutating func append(_ succeeded: Bool, for key: UInt64) -> Int {
            switch states[key] {
            case nil, .used?:
                states[key] = succeeded ? .succeeded : .failed
                return 0
            case .succeeded?, .failed?:
                lists[key] = ([states[key] == .succeeded, succeeded], 0)
                states[key] = .several
                return 1
            case .several?:
                lists[key]?.succeeded.append(succeeded)
                return (lists[key]?.succeeded.count ?? 1) - 1
            }
        }

        /// Matches the next earlier task with `key`: whether it succeeded, its place among them, and whether it was
        /// the last of them; `nil` when none is left to match.
        mutating func matchNext(_ key: UInt64) -> (succeeded: Bool, place: Int, last: Bool)? {
            switch states[key] {
            case nil, .used?:
                return nil
            case .succeeded?, .failed?:
                let succeeded = states[key] == .succeeded
                states[key] = .used
                return (succeeded, 0, true)
            case .several?:
                guard let (list, matched) = lists[key] else { return nil }
                let last = matched + 1 == list.count
                if last {
                    states[key] = .used
                    lists[key] = nil
                } else {
                    lists[key]?.matched = matched + 1
                }
                return (list[matched], matched, last)
            }
        }

        private func verdict(of key: UInt64, _ state: State) -> Verdict {
            switch state {
            case .succeeded: .one(succeeded: true)
            case .failed: .one(succeeded: false)
            case .several: lists[key].map { .several(succeeded: $0.succeeded, matched: $0.matched) } ?? .used
            case .used: .used
            }
        }
    }
}
