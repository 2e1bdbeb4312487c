#if os(Linux)
import Glibc

/// What prx may do with a file, as the kernel tells it by prx's real user and group.
package enum FileAccess {
    /// Throws unless prx may execute the file at `path`, symbolic links followed (for root, a file with an execute
    /// bit).
    ///
    /// The corresponding C function is `access` (`X_OK`).
    package static func checkExecutable(at path: String) throws(Errno) {
        guard access(path, X_OK) == 0 else { throw Errno.current }
    }
}
#endif
