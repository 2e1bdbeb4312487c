/// The tasks each `prx.match` pattern of a recipe matches, by definition index in definition order, found without
/// testing every pattern against every name: a recipe of n tasks each after `prx.match("a" .. i)` took n² tests.
///
/// A pattern without wildcards (`a7`, `a\*`) is one name, looked up in the names' index. Every name a pattern
/// starting with plain characters (`deploy:*`) matches starts with them, so once enough such patterns have come for
/// sorting the names to cost less than testing them all again (log₂ n patterns), the names are sorted by their bytes
/// and each such pattern is tested against the run of names its plain characters begin, found by binary search. Only
/// a pattern starting with a wildcard (`*:done`) is tested against every name. Each distinct pattern is resolved once.
struct TaskNamePatternMatches {
    private let tasks: RecipeTaskList
    private let names: TaskNameIndex
    /// Each pattern resolved so far, by its bytes.
    private var known: [ByteExactString: [Int]] = [:]
    /// The definition indices ordered by their tasks' names, byte by byte, once made.
    private var sortedByName: [Int32]?
    /// How many patterns with plain characters first were tested against every name, before the names were sorted.
    private var fullScans = 0
    /// Every definition index, in definition order: the candidates of a pattern tested against every name, once made.
    private var everyIndex: [Int32]?

    /// Resolves patterns among `tasks`, whose definition indices `names` gives by name.
    init(tasks: RecipeTaskList, names: TaskNameIndex) {
        self.tasks = tasks
        self.names = names
    }

    /// The definition indices of the tasks whose names match `pattern`, in definition order.
    mutating func matches(of pattern: String) -> [Int] {
        let key = ByteExactString(pattern)
        if let matches = known[key] { return matches }
        let pattern = ShellPattern(pattern)
        let matches = candidates(for: pattern).filter { pattern.matches(tasks[Int($0)].name) }.map(Int.init).sorted()
        known[key] = matches
        return matches
    }

    /// The definition indices of the tasks whose names `pattern` is tested against, which hold every name it matches:
    /// none for a pattern that matches nothing, the one task of that name for a pattern without wildcards, the run
    /// of the sorted names that start with its plain characters, or every name. Their count is what resolving the
    /// pattern costs, which stays near the number of its matches however many patterns there are.
    mutating func candidates(for pattern: ShellPattern) -> ArraySlice<Int32> {
        guard let prefix = pattern.literalPrefix else { return [] }
        if let name = pattern.literal { return names.index(of: name, in: tasks).map { [Int32($0)] } ?? [] }
        if prefix.isEmpty || sortedByName == nil && fullScans < Self.bitLength(of: tasks.count) {
            if !prefix.isEmpty { fullScans += 1 }
            let every = everyIndex ?? tasks.indices.map(Int32.init)
            everyIndex = every
            return every[...]
        }
        let sorted = sortedByName ?? sortNames()
        let start = firstName(notBefore: prefix, in: sorted)
        let end = sorted[start...].firstIndex { !tasks[Int($0)].name.utf8.starts(with: prefix.utf8) } ?? sorted.count
        return sorted[start..<end]
    }

    /// Sorts the definition indices by their tasks' names, byte by byte, and keeps them.
    private mutating func sortNames() -> [Int32] {
        let sorted = tasks.indices.map(Int32.init).sorted { [tasks] in
            tasks[Int($0)].name.utf8.lexicographicallyPrecedes(tasks[Int($1)].name.utf8)
        }
        sortedByName = sorted
        return sorted
    }

    /// Where in `sorted` the first name that does not come before `prefix`, byte by byte, is: where the names
    /// starting with `prefix` begin, if any does.
    private func firstName(notBefore prefix: String, in sorted: [Int32]) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if tasks[Int(sorted[middle])].name.utf8.lexicographicallyPrecedes(prefix.utf8) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    /// ⌈log₂(count + 1)⌉: how many full scans cost about as much as sorting `count` names.
    private static func bitLength(of count: Int) -> Int {
        Int.bitWidth - count.leadingZeroBitCount
    }
}
