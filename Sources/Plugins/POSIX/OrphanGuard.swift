#if os(Linux)
import Glibc
import Synchronization

/// A process that outlives prx only to stop prx's tasks: it shares with prx a table of the process groups of the tasks
/// running and, the moment prx dies — even by `SIGKILL`, which prx cannot handle — sends every group left in it
/// `SIGTERM`, then `SIGKILL` after a grace to what is left. So a killed prx leaves no orphaned task behind. The guard
/// ends as soon as nothing it stops is left, without waiting out the grace: `--resume` of the killed run waits for it
/// (``KilledRunLeftovers``). A task's leader is in the table from its spawn on, as its group, though it makes its
/// session only once the spawn has returned: until then it holds a copy of prx's descriptors, prx's end of the guard's
/// socket among them, so the guard, which waits for the end of file on that socket after prx's death, never meets a
/// leader that has not made its session, and signals groups alone, no process by its id, which may have been given to
/// another.
///
/// Beside a task's leader the table holds the pipes prx gave it as standard output and error (their inodes): prx
/// holds their only read ends, and were they gone with prx, a task writing a word (as it prints on, in its `SIGTERM`
/// handler, or bash's "Terminated") would be ended by `SIGPIPE` before its grace. The guard shares prx's table of
/// descriptors, so prx's read ends outlive prx: at prx's death the guard keeps those of the pipes the table names,
/// closes every other descriptor (prx's standard output, whose reader then sees its end), and reads what comes.
/// Where it cannot share the table (the kernel gives no `pidfd_open`, by which the guard sharing it learns of prx's
/// death), the guard opens the pipes once prx is dead, from the leader's side (or, once the leader has exited or put
/// other files on its descriptors, from that of the other processes of its session), before its `SIGTERM`: a task
/// that writes before then dies of `SIGPIPE`. The inodes, checked before anything is kept or opened, make sure it
/// reads only prx's pipes, not those of a process given a leader's id since, nor a pipe another program reads, nor a
/// file a task has put on its descriptor in their place. The other groups of a task's session (a shell's jobs under
/// `set -m`, `timeout(1)`), which prx records only while it stops the task, the guard finds itself as prx dies, and
/// stops them as it stops the task's own group (and those the session makes during the grace get its `SIGKILL`).
///
/// A group that prx has sent `SIGTERM` itself (a task timed out, or stopped as the run stops or halts) is marked so in
/// its slot (``recordTerminated(_:)``): should prx die during its grace, the guard sends that group no second
/// `SIGTERM`, which a program may take for "quit now" and so cut short the clean-up the first one began, only its
/// `SIGKILL` after its own grace, counted from prx's death as for every group (the task may so get up to prx's grace
/// and the guard's).
///
/// The guard is forked (not exec'd) into a session of its own, sharing prx's table of descriptors and touching none
/// while prx lives; it learns of prx's death from a process descriptor of prx (without one, it keeps only its end of
/// a socket, and learns of it from end of file on that socket). Recording a group is a store into shared memory: the
/// guard is not woken while prx lives, and a task costs it nothing. It is named `prx-guard` (`ps -e`), and its command line,
/// written over prx's arguments, reads `prx-guard (for prx PID)` (`ps -f`, `ps aux`) where they have room for it.
/// It ignores every signal that would end it but `SIGKILL`: it ends only after prx (`kill` or `pkill prx`, whose
/// pattern names the guard too, leave it to its work). If it is gone all the same (`SIGKILL`), prx runs on unguarded,
/// as it would without one: its monitor watches ``endDescriptor``, reaps the guard and warns once
/// (`OrphanGuardLoss`).
///
/// The guard also stops what tasks left running outside their groups (daemons in sessions of their own, which
/// prx, their subreaper, would have stopped at the end of the run): an executor that adopts orphans gives its tasks
/// ``environmentVariable`` with the guard's ``token``, which their descendants inherit, and the guard signals every
/// process whose environment has it, as it signals the groups.
///
/// One guard serves the whole process (``shared``), started as early as its user can: forked without exec, it
/// shares every page prx has at that moment and keeps its own copy of each one prx writes afterwards, so a guard
/// forked after a recipe built its graph would hold a second copy of much of it.
final class OrphanGuard: Sendable {
    /// The table slot a watched group holds until ``release(_:)``.
    struct Slot: Sendable {
        fileprivate let index: Int
    }

    /// Slots in the shared table: more process groups at once than this go unguarded. The most the guard takes
    /// (`csystem_orphan_guard_start` refuses more).
    static let capacity = 65536

    /// Slots never used yet start at `unused`; released ones wait in `released`.
    private struct FreeSlots {
        var unused = 0
        var released: [Int] = []
    }

    /// Whether the process's guard was started, and the guard when it could be.
    private enum Start {
        case notYet
        case done(OrphanGuard?)
    }

    private static let start = Mutex(Start.notYet)

    /// The variable that carries the guard's ``token`` in the environment of the tasks it sweeps up after.
    static let environmentVariable = GNULibC.orphanGuardVariable

    /// The guard's process, a child of prx's.
    let processID: ProcessID
    /// A process descriptor of the guard, readable once it has ended (``ProcessID/openDescriptor()``), opened as it
    /// starts, before anything could reap it; `nil` when it could not be opened. Never closed: it lives as long as
    /// prx.
    let endDescriptor: FileDescriptor?
    /// The value of ``environmentVariable`` that marks the processes this guard stops: 32 random hexadecimal digits,
    /// so that no process is taken for a task's leftover by a variable of the same name set otherwise.
    let token: String
    /// The grace in milliseconds, shared with the guard, written under the lock of `freeSlots`: 64 bits, which hold
    /// prx's longest time (1e9 s, ``Duration/longestSeconds``), where 32 bits held under 25 days.
    private nonisolated(unsafe) let grace: UnsafeMutablePointer<Int64>
    /// The table shared with the guard, its slots; a slot is written only by the holder of its ``Slot``.
    private nonisolated(unsafe) let table: UnsafeMutablePointer<Int32>
    /// The inodes of the pipes of the task's leader in each slot, standard output's then standard error's (0 for a
    /// slot holding no task's leader), shared with the guard as the table is and written with its slot.
    private nonisolated(unsafe) let pipes: UnsafeMutablePointer<UInt64>
    private let freeSlots = Mutex(FreeSlots())

    /// The process's guard, started by the first call; `nil` when it could not be started (prx then runs
    /// unguarded, and stops every task it outlives itself).
    static var shared: OrphanGuard? {
        start.withLock { start in
            if case .done(let started) = start { return started }
            let started = try? OrphanGuard()
            start = .done(started)
            return started
        }
    }

    /// The process's guard if it was started (``shared``), without starting it; `nil` when it was not, or could not be.
    static var started: OrphanGuard? {
        start.withLock { start in
            guard case .done(let started) = start else { return nil }
            return started
        }
    }

    /// Starts a guard whose grace is zero until ``lengthenGrace(to:)``.
    ///
    /// prx's end of the socket is never written nor closed: it stays open for as long as prx lives; the guard closes
    /// it at prx's death where it shares prx's descriptors (the kernel does, where it does not), and its end of file
    /// tells the guard that no task's leader holds a copy of it any more.
    ///
    /// The corresponding C functions are `csystem_orphan_guard_start` (`mmap`, `socketpair`, `pidfd_open` and
    /// `clone`, or `fork` without a process descriptor) and `pidfd_open`.
    private init() throws(Errno) {
        var prxEnd: Int32 = -1
        var sharedGrace: UnsafeMutablePointer<Int64>?
        var sharedGroups: UnsafeMutablePointer<Int32>?
        var sharedPipes: UnsafeMutablePointer<UInt64>?
        var token = [CChar](repeating: 0, count: 33)
        let started = GNULibC.orphanGuardStart(
            &prxEnd, grace: &sharedGrace, groups: &sharedGroups, pipes: &sharedPipes, slots: Int32(Self.capacity),
            token: &token)
        guard started >= 0, let sharedGrace, let sharedGroups, let sharedPipes else { throw Errno.current }
        processID = ProcessID(rawValue: started)
        endDescriptor = try? processID.openDescriptor()
        grace = sharedGrace
        table = sharedGroups
        pipes = sharedPipes
        self.token = String(decoding: token.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Makes the time between the guard's `SIGTERM` and its `SIGKILL` at least `grace`: the longest that any
    /// user of the guard asked for.
    func lengthenGrace(to grace: Duration) {
        let milliseconds = grace.wholeMilliseconds
        freeSlots.withLock { _ in self.grace.pointee = max(self.grace.pointee, milliseconds) }
    }

    /// Records that the process group `group` runs; `nil` when the table is full.
    func watch(group: ProcessID) -> Slot? {
        take(value: group.rawValue)
    }

    /// Records a task's leader, just started, as its group (whose id is its own, once it has made its session: always,
    /// by the time the guard looks), and the pipes prx gave it as standard output and error, of which `output` and
    /// `errors` are the read ends, which the guard reads from once prx is gone. `nil` when the table is full.
    ///
    /// The corresponding C function is `fstat` (``FileIdentity/init(ofOpenDescriptor:)``), once for each pipe.
    func watch(leader: ProcessID, output: FileDescriptor, errors: FileDescriptor) -> Slot? {
        take(value: leader.rawValue, pipes: (Self.inode(of: output), Self.inode(of: errors)))
    }

    /// Records that prx has sent the group in `slot` `SIGTERM`, or gives it its grace without one (a group first found
    /// in a stopped task's session after prx's `SIGTERM`, ``SessionGroups``): should prx die, the guard sends it no
    /// `SIGTERM` of its own, only its `SIGKILL` after the grace. Called once the signal is sent: a prx killed just
    /// before leaves the group the guard's `SIGTERM`, not none at all.
    func recordTerminated(_ slot: Slot) {
        let value = table[slot.index]
        // A slot that holds nothing stays so: marked, it would read as group 0, the guard's own.
        guard value != 0 else { return }
        table[slot.index] = value | Self.terminatedMark
    }

    /// The bit of a slot's id that marks it sent `SIGTERM` by prx (`CSYSTEM_ORPHAN_GUARD_TERMINATED`): the ids are
    /// below `pid_max`, at most 2^22.
    private static let terminatedMark = GNULibC.orphanGuardTerminatedMark

    /// Records that the group in `slot` is gone.
    func release(_ slot: Slot) {
        table[slot.index] = 0
        pipes[2 * slot.index] = 0
        pipes[2 * slot.index + 1] = 0
        freeSlots.withLock { $0.released.append(slot.index) }
    }

    /// Takes a free slot and writes `value` into it, after the inodes of the pipes of the task's leader it names (0
    /// for none); `nil` when the table is full. The guard reads a slot's pipes only while the slot holds a value, and
    /// only opens a pipe of that inode: a store seen out of order by a prx killed between the two leaves a pipe
    /// unread, or names one prx made, nothing else.
    private func take(value: Int32, pipes slotPipes: (output: UInt64, errors: UInt64) = (0, 0)) -> Slot? {
        let index: Int? = freeSlots.withLock { free in
            if let index = free.released.popLast() { return index }
            guard free.unused < Self.capacity else { return nil }
            free.unused += 1
            return free.unused - 1
        }
        guard let index else { return nil }
        pipes[2 * index] = slotPipes.output
        pipes[2 * index + 1] = slotPipes.errors
        table[index] = value
        return Slot(index: index)
    }

    /// The inode of the pipe `descriptor` is an end of, the guard's mark of it; 0 when it cannot be read.
    private static func inode(of descriptor: FileDescriptor) -> UInt64 {
        FileIdentity(of: descriptor)?.inode ?? 0
    }
}
#endif
