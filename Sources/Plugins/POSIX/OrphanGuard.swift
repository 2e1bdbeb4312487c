#if os(Linux)
import Glibc
import Synchronization

/// A process that outlives prx only to stop prx's tasks: it shares with prx a table of the process groups of
/// the tasks running and, the moment prx dies — even by `SIGKILL`, which prx cannot handle — sends every group
/// left in it `SIGTERM`, then `SIGKILL` after a grace. So a killed prx leaves no orphaned task behind.
///
/// The guard is forked (not exec'd) into a session of its own and keeps only its end of a socket; it learns of
/// prx's death from end of file on that socket. Recording a group is a store into shared memory: the guard is
/// not woken while prx lives, and a task costs it nothing. If the guard is gone (it was killed), prx runs on
/// unguarded, as it would without one.
final class OrphanGuard: Sendable {
    /// The table slot a watched group holds until ``release(_:)``.
    struct Slot: Sendable {
        fileprivate let index: Int
    }

    /// Slots in the shared table: more process groups at once than this go unguarded.
    static let capacity = 65536

    /// Slots never used yet start at `unused`; released ones wait in `released`.
    private struct FreeSlots {
        var unused = 0
        var released: [Int] = []
    }

    /// The guard's process, a child of prx's.
    let processID: ProcessID
    /// The table shared with the guard; a slot is written only by the holder of its ``Slot``.
    private nonisolated(unsafe) let table: UnsafeMutablePointer<Int32>
    private let freeSlots = Mutex(FreeSlots())

    /// Starts the guard; `grace` is the time between `SIGTERM` and `SIGKILL`.
    ///
    /// prx's end of the socket is never written nor closed: it stays open for as long as prx lives, and its
    /// closing, by the kernel when prx dies, is what wakes the guard.
    ///
    /// The corresponding C function is `csystem_orphan_guard_start` (`mmap`, `socketpair` and `fork`).
    init(grace: Duration) throws(Errno) {
        var prxEnd: Int32 = -1
        var shared: UnsafeMutablePointer<Int32>?
        let milliseconds = Int32(
            clamping: grace.components.seconds * 1000 + grace.components.attoseconds / 1_000_000_000_000_000)
        let started = GNULibC.orphanGuardStart(
            &prxEnd, table: &shared, slots: Int32(Self.capacity), graceMilliseconds: milliseconds)
        guard started >= 0, let shared else { throw Errno.current }
        processID = ProcessID(rawValue: started)
        table = shared
    }

    /// Records that the process group `group` has started; `nil` when the table is full.
    func watch(_ group: ProcessID) -> Slot? {
        let index: Int? = freeSlots.withLock { free in
            if let index = free.released.popLast() { return index }
            guard free.unused < Self.capacity else { return nil }
            free.unused += 1
            return free.unused - 1
        }
        guard let index else { return nil }
        table[index] = group.rawValue
        return Slot(index: index)
    }

    /// Records that the group in `slot` is gone.
    func release(_ slot: Slot) {
        table[slot.index] = 0
        freeSlots.withLock { $0.released.append(slot.index) }
    }
}
#endif
