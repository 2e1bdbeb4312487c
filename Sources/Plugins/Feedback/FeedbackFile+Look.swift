#if os(Linux)
import Glibc

extension FeedbackFile {
    /// What one look at a feedback file saw: enough to tell that the task changed it since the last look without
    /// trusting the file's timestamps as times. On a network file system they come from the server's clock, which
    /// may lag or lead prx's, so a heartbeat counts from when prx saw the file change, never from its `mtime`.
    struct Look: Sendable, Hashable {
        /// The file's device and inode: a task may replace the file rather than write to it.
        var device: UInt64
        /// See ``device``.
        var inode: UInt64
        /// Its size in bytes.
        var size: Int64
        /// Its modification and status-change times (seconds, nanoseconds) as the file system keeps them: compared,
        /// never read as times.
        var modified: [Int]
        var changed: [Int]
        /// Whether it is a regular file (a symbolic link followed), not a FIFO, a device or a directory.
        var isRegularFile: Bool
    }

    /// Looks at the file.
    ///
    /// The corresponding C function is `stat`.
    func look() throws(Failure) -> Look {
        var status = stat()
        do {
            _ = try retryingInterrupts { stat(path, &status) }
        } catch {
            throw Failure(operation: "look at", path: path, reason: error.description, error: error)
        }
        return Look(
            device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
            modified: [status.st_mtim.tv_sec, status.st_mtim.tv_nsec],
            changed: [status.st_ctim.tv_sec, status.st_ctim.tv_nsec], isRegularFile: status.st_mode & S_IFMT == S_IFREG)
    }
}
#endif
