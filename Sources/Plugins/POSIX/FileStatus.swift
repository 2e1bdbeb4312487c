#if os(Linux)
import Glibc

/// What the kernel says of a file when asked (`struct stat`): its type, its size and which file it is
/// (``identity``, the part that stays the file's while the file changes). The one wrapper of `stat`, `lstat` and
/// `fstat`, each throwing the `errno` it meets; ``FileIdentity``'s initializers look through it.
package struct FileStatus {
    /// The C value.
    var rawValue: stat

    /// The file at `path`, symbolic links followed.
    ///
    /// The corresponding C function is `stat`.
    package init(ofFileAt path: String) throws(Errno) {
        var status = stat()
        guard stat(path, &status) == 0 else { throw Errno.current }
        rawValue = status
    }

    /// The file at the path whose bytes (UTF-8 or not) are `path`, symbolic links followed.
    ///
    /// The corresponding C function is `stat`.
    package init(ofFileAtBytes path: [UInt8]) throws(Errno) {
        var status = stat()
        let result = (path + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { stat($0.baseAddress!, &status) }
        }
        guard result == 0 else { throw Errno.current }
        rawValue = status
    }

    /// The file at `path` itself, a symbolic link not followed (the link is the file).
    ///
    /// The corresponding C function is `lstat`.
    init(ofNameAt path: String) throws(Errno) {
        var status = stat()
        guard lstat(path, &status) == 0 else { throw Errno.current }
        rawValue = status
    }

    /// The file open as the descriptor `rawDescriptor`.
    ///
    /// The corresponding C function is `fstat`.
    package init(ofOpenDescriptor rawDescriptor: Int32) throws(Errno) {
        var status = stat()
        guard fstat(rawDescriptor, &status) == 0 else { throw Errno.current }
        rawValue = status
    }

    /// The file's type bits (`S_IFREG`, `S_IFDIR`, `S_IFLNK`, …).
    package var type: mode_t { rawValue.st_mode & S_IFMT }

    /// The file's size in bytes.
    var size: Int { Int(rawValue.st_size) }

    /// The user who owns the file: for a process's `/proc/PID`, the user the process runs as.
    package var owner: uid_t { rawValue.st_uid }

    /// Which file it is, whatever path reached it.
    package var identity: FileIdentity { FileIdentity(rawValue) }
}
#endif
