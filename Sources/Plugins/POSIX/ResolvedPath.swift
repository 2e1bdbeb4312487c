#if os(Linux)
import Glibc

/// Where the kernel takes a path: from `/`, every symbolic link, `.` and `..` resolved.
package enum ResolvedPath {
    /// The bytes of the path `path` resolves to, UTF-8 or not, as the file system names it.
    ///
    /// The corresponding C function is `realpath` (``bytes(ofBytes:)``).
    package static func bytes(of path: String) throws(Errno) -> [UInt8] {
        try bytes(ofBytes: Array(path.utf8))
    }

    /// The bytes of the path the path whose bytes are `path` (UTF-8 or not) resolves to, as the file system names it.
    ///
    /// The corresponding C function is `realpath`.
    package static func bytes(ofBytes path: [UInt8]) throws(Errno) -> [UInt8] {
        let resolved = (path + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { realpath($0.baseAddress!, nil) }
        }
        guard let resolved else { throw Errno.current }
        defer { free(resolved) }
        return Array(UnsafeRawBufferPointer(start: resolved, count: strlen(resolved)))
    }

    /// The path `path` resolves to, as text; throws `EILSEQ` for one that is not UTF-8, which a `String` cannot hold.
    ///
    /// The corresponding C function is `realpath` (``bytes(of:)``).
    package static func text(of path: String) throws(Errno) -> String {
        let bytes = try bytes(of: path)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Errno(EILSEQ) }
        return text
    }
}
#endif
