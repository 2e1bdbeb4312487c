/// A set of task ids, held as stretches of consecutive ids: what the scheduler keeps of the ids its source has given
/// (``TaskSource/promisesUniqueIDs``), and a wrapping source of the tasks it leaves out.
///
/// Each id above all those before it extends the last stretch of consecutive ids, or starts a stretch of its own, so
/// that ids inserted 1, 2, 3… are held as one stretch however many there are, and ones leaving gaps as a stretch per
/// gap; only an id below one inserted before it is held by itself, in a set.
public struct TaskIDSet: Sendable {
    /// The ids inserted above all those before them, as stretches of consecutive ids, lowest first.
    private var stretches: [ClosedRange<Int>] = []
    /// The ids inserted below one inserted before them.
    private var others: Set<Int> = []

    /// An empty set.
    public init() {}

    /// Whether the set holds no id.
    public var isEmpty: Bool { stretches.isEmpty }

    /// Inserts `id`; returns whether it was not in the set before.
    @discardableResult
    public mutating func insert(_ id: TaskID) -> Bool {
        let id = id.rawValue
        guard let last = stretches.last, id <= last.upperBound else {
            // Above every id inserted: `id - 1` cannot overflow.
            if let last = stretches.last, last.upperBound == id - 1 {
                stretches[stretches.count - 1] = last.lowerBound...id
            } else {
                stretches.append(id...id)
            }
            return true
        }
        if stretches[firstStretch(endingAtOrAbove: id)].contains(id) { return false }
        return others.insert(id).inserted
    }

    /// Whether the set holds `id`.
    public func contains(_ id: TaskID) -> Bool {
        let id = id.rawValue
        guard let last = stretches.last, id <= last.upperBound else { return false }
        return stretches[firstStretch(endingAtOrAbove: id)].contains(id) || others.contains(id)
    }

    /// The index of the first stretch whose last id is `id` or above; `id` is not above every stretch.
    private func firstStretch(endingAtOrAbove id: Int) -> Int {
        var low = 0
        var high = stretches.count - 1
        while low < high {
            let middle = low + (high - low) / 2
            if stretches[middle].upperBound < id {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}
