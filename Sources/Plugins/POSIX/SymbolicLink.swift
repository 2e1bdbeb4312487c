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
}
#endif
