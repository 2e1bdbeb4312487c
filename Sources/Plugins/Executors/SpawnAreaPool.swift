#if os(Linux)
import Synchronization

/// The spawn areas of an executor's children: one per task in flight, each given back when its child has exited
/// and reused for a later one, so that a run maps about as many areas as it runs tasks at once.
final class SpawnAreaPool: Sendable {
    private let free = Mutex<[SpawnArea]>([])

    /// Creates an empty pool.
    init() {}

    deinit {
        for area in free.withLock({ $0 }) {
            area.free()
        }
    }

    /// An area no child runs in: a free one, or a new one.
    func take() -> SpawnArea {
        free.withLock { $0.popLast() } ?? SpawnArea()
    }

    /// Gives back `area`, whose child has exited (or which started none).
    func give(_ area: SpawnArea) {
        free.withLock { $0.append(area) }
    }
}
#endif
