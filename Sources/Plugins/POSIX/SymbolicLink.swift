#if os(Linux)
import Glibc

/// What a symbolic link holds.
package enum SymbolicLink {
    /// The bytes of the path the symbolic link at the path whose bytes are `path` (UTF-8 or not) holds, UTF-8 or not,
    /// as it was made: relative to the link's directory unless it starts with `/`.
    ///
    /// The corresponding C function is `readlink`.
    package static func target(ofBytes path: [UInt8]) throws(Errno) -> [UInt8] {
        // Linux holds a link's path in fewer than PATH_MAX bytes.
        var target = [UInt8](repeating: 0, count: Int(PATH_MAX))
        let count = (path + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { link in
                target.withUnsafeMutableBytes { readlink(link.baseAddress!, $0.baseAddress!, $0.count) }
            }
        }
        guard count >= 0 else { throw Errno.current }
        return Array(target[..<count])
    }

    /// The bytes of the path the chain of symbolic links at the path whose bytes are `path` ends at: `path` itself when
    /// it is no link, else the path each link points to, a relative one taken from the link's directory, followed link
    /// by link as the kernel does, up to its limit of 40 (`ELOOP`). For a link that names nothing (dangling), the path
    /// that is missing, which opening it with `O_CREAT` creates. Bytes, UTF-8 or not, as a link may hold a path that
    /// is not.
    ///
    /// The corresponding C function is `readlink` (``target(ofBytes:)``).
    package static func end(ofChainAtBytes path: [UInt8]) -> [UInt8] {
        let slash = UInt8(ascii: "/")
        var path = path
        for _ in 0..<40 {
            guard let target = try? target(ofBytes: path) else { break }
            if target.first == slash {
                path = target
            } else if let last = path.lastIndex(of: slash) {
                path = Array(path[...last]) + target
            } else {
                path = target
            }
        }
        return path
    }
}
#endif
