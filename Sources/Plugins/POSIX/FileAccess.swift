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

    /// The error `execve` of `path` would meet as far as finding the program goes, `nil` for an executable file: the
    /// error of following the path, `EACCES` for anything but a regular file (a directory, a FIFO, a device) or a file
    /// prx may not execute.
    package static func executionError(at path: String) -> Errno? {
        accessError(path, type: S_IFREG, otherwise: .permissionDenied)
    }

    /// The error `chdir` to `path` would meet, `nil` for a directory prx may search.
    package static func changeError(at path: String) -> Errno? {
        accessError(path, type: S_IFDIR, otherwise: .notADirectory)
    }

    /// The error of following `path`, `otherwise` when it is not a file of `type`, the error `access(X_OK)` gives
    /// when prx may not search or execute it, `nil` when it may.
    private static func accessError(_ path: String, type: mode_t, otherwise: Errno) -> Errno? {
        do throws(Errno) {
            guard try FileStatus(ofFileAt: path).type == type else { return otherwise }
            try checkExecutable(at: path)
            return nil
        } catch {
            return error
        }
    }
}
#endif
