/// Deadlines in the order they fall due: a binary min-heap on the instant.
///
/// The process monitor takes the first deadline as its epoll timeout and acts on every deadline that has
/// passed. Entries that no longer matter stay until they fall due or ``removeAll(where:)`` drops them.
struct DeadlineQueue<Payload> {
    /// A deadline and what it is for.
    struct Entry {
        /// When it falls due.
        var instant: ContinuousClock.Instant
        /// What to do then.
        var payload: Payload
    }

    private var heap: [Entry] = []

    /// Creates an empty queue.
    init() {}

    /// How many entries the queue holds.
    var count: Int { heap.count }

    /// The entry that falls due first.
    var first: Entry? { heap.first }

    /// Adds an entry.
    mutating func insert(_ payload: Payload, at instant: ContinuousClock.Instant) {
        heap.append(Entry(instant: instant, payload: payload))
        siftUp(heap.count - 1)
    }

    /// Removes and returns the entry that falls due first.
    mutating func removeFirst() -> Entry {
        let first = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        return first
    }

    /// Drops the entries `shouldRemove` picks.
    mutating func removeAll(where shouldRemove: (Entry) -> Bool) {
        heap.removeAll(where: shouldRemove)
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) {
            siftDown(index)
        }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].instant < heap[parent].instant else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var smallest = parent
            let left = 2 * parent + 1
            let right = left + 1
            if left < heap.count && heap[left].instant < heap[smallest].instant { smallest = left }
            if right < heap.count && heap[right].instant < heap[smallest].instant { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
