/// The ids a run's source has given so far, to tell an id given again (``TaskSource/promisesUniqueIDs``).
///
/// Each id above all those before it extends the last stretch of consecutive ids, or starts a stretch of its own, so
/// that a source numbering its tasks 1, 2, 3… is held as one stretch however many it gives, and one leaving gaps as a
/// stretch per gap; only an id below one given before it is held by itself, in a set.
struct GivenTaskIDs {
    /// The ids given above all those before them, as stretches of consecutive ids, lowest first.
    private var stretches: [ClosedRange<Int>] = []
    /// The ids given below one given before them.
    private var others: Set<Int> = []

    /// Notes `id` as given; returns whether it was not given before.
    mutating func insert(_ id: TaskID) -> Bool {
        let id = id.rawValue
        guard let last = stretches.last, id <= last.upperBound else {
            // Above every id given: `id - 1` cannot overflow.
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
