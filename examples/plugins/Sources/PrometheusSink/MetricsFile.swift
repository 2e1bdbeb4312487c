#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PRXPlugins

/// A metrics file replaced whole, never edited in place, so that a reader (node_exporter's textfile collector)
/// sees either the previous content or the new one and never half a file.
///
/// Each ``replace(with:)`` writes a temporary file beside the target (same directory, hence same file system)
/// and renames it over the target; `rename(2)` is atomic. The temporary name ends in `.tmp`, not `.prom`, so
/// the collector's `*.prom` pattern never picks it up. Nothing is synced to disk: readers need atomicity, and an
/// `fsync` per rewrite would sit on the scheduler's path.
public struct MetricsFile: Sendable, Hashable {
    /// The target's path.
    public let path: String

    /// Names the file at `path`; nothing is written until ``replace(with:)``.
    public init(path: String) {
        self.path = path
    }

    /// The temporary file's path: the target's, plus prx's PID (two runs may share a target) and `.tmp`.
    var temporaryPath: String { "\(path).\(getpid()).tmp" }

    /// Makes `text` the file's whole content, atomically.
    ///
    /// - Throws: ``PRXPlugins/SinkFileError`` naming the path and the system's reason; the temporary file is
    ///   removed and the target left as it was.
    public func replace(with text: String) throws(SinkFileError) {
        let temporary = temporaryPath
        let descriptor = try Self.openForWriting(temporary)
        var isOpen = true
        do throws(SinkFileError) {
            try Self.writeAll(Array(text.utf8), to: descriptor, path: temporary)
            isOpen = false
            try Self.closeReportingErrors(descriptor, path: temporary)
            try Self.renameOver(temporary, target: path)
        } catch {
            if isOpen { close(descriptor) }
            unlink(temporary)
            throw error
        }
    }

    /// Opens `path` for writing, created with mode 0644 (readable by a collector running as another user) or
    /// truncated, close-on-exec. The corresponding C function is `open`.
    private static func openForWriting(_ path: String) throws(SinkFileError) -> Int32 {
        while true {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if descriptor >= 0 { return descriptor }
            guard errno == EINTR else { throw SinkFileError(operation: "create", path: path, errorNumber: errno) }
        }
    }

    /// Writes all of `bytes`, retrying after a signal or a short write. The corresponding C function is `write`.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(SinkFileError) {
        let failure: Int32? = bytes.withUnsafeBytes { buffer in
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
        if let failure { throw SinkFileError(operation: "write to", path: path, errorNumber: failure) }
    }

    /// Closes `descriptor`, reporting a deferred write error (NFS, a full disk). The corresponding C function is
    /// `close`; it is not retried after `EINTR`, since Linux has released the descriptor by then.
    private static func closeReportingErrors(_ descriptor: Int32, path: String) throws(SinkFileError) {
        if close(descriptor) != 0 && errno != EINTR {
            throw SinkFileError(operation: "close", path: path, errorNumber: errno)
        }
    }

    /// Renames `source` over `target` atomically. The corresponding C function is `rename`.
    private static func renameOver(_ source: String, target: String) throws(SinkFileError) {
        while rename(source, target) != 0 {
            guard errno == EINTR else {
                throw SinkFileError(operation: "rename \(source) to", path: target, errorNumber: errno)
            }
        }
    }
}
