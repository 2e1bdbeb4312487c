#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that sinks write through: each ``append(_:)`` is one `write(2)` on an `open(2)`ed descriptor, with no
/// buffer in prx, so every row written survives prx being killed with `SIGKILL`. Nothing is synced to disk:
/// the kernel's page cache holds it, which is what survives a killed process (a power cut is another matter),
/// unless ``syncsEachAppend`` asks for an `fdatasync` after each append.
///
/// The descriptor is opened close-on-exec, so tasks that prx spawns do not inherit it, and closed when the
/// value goes away.
final class WriteThroughFile {
    /// How an existing file at the path is treated.
    enum Mode {
        /// Its content is discarded.
        case truncate
        /// Writes go after its content.
        case append
    }

    /// The file's path, as given.
    let path: String
    /// The file's size in bytes: what it held when opened (in append mode) plus everything written since.
    private(set) var size: Int
    /// Whether each append also waits until its bytes are on the disk, so that a machine crash or a power cut
    /// loses nothing appended (`--sync`). Costs a disk flush per append.
    var syncsEachAppend = false
    private let descriptor: Int32

    /// Opens (creating it with mode 0644 if needed) the file at `path`.
    ///
    /// The corresponding C function is `open`.
    init(path: String, mode: Mode) throws(SinkFileError) {
        var flags = O_WRONLY | O_CREAT | O_CLOEXEC
        flags |= mode == .truncate ? O_TRUNC : O_APPEND
        var descriptor: Int32
        repeat {
            descriptor = open(path, flags, 0o644)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else {
            throw SinkFileError(operation: "open", path: path, errorNumber: errno)
        }
        var status = stat()
        self.size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Writes all of `bytes`, retrying after a signal or a short write.
    ///
    /// One call is one `write(2)` unless the kernel takes only part of it (a full disk, a pipe), followed by one
    /// `fdatasync(2)` when ``syncsEachAppend`` is set.
    func append(_ bytes: [UInt8]) throws(SinkFileError) {
        if let failure = Self.writeAll(bytes, to: descriptor) {
            throw SinkFileError(operation: "write to", path: path, errorNumber: failure)
        }
        size += bytes.count
        if syncsEachAppend && fdatasync(descriptor) != 0 {
            throw SinkFileError(operation: "sync", path: path, errorNumber: errno)
        }
    }

    /// Writes all of `bytes` to `descriptor`, retrying after a signal or a short write; returns the error
    /// number of a failed write, `nil` on success.
    ///
    /// The corresponding C function is `write`.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }
}
