#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lock a prx run holds on a result file it empties or adds to (`flock`, exclusive, for as long as its descriptor
/// is open): another run given the same file is refused it rather than write over its rows, and a resumption cuts
/// back or puts back nothing of a file a run going holds.
enum ResultFileLock {
    /// Takes the lock on the open `descriptor`; `false` when another process holds it. A file system that cannot lock
    /// takes none, and the file is written as it was before locks.
    ///
    /// The corresponding C function is `flock` (`LOCK_EX | LOCK_NB`).
    static func take(on descriptor: Int32) -> Bool {
        flock(descriptor, LOCK_EX | LOCK_NB) == 0 || errno != EWOULDBLOCK
    }
}
