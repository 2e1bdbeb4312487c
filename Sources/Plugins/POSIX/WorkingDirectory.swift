#if os(Linux)
import Glibc

/// prx's working directory, as the kernel names it.
package enum WorkingDirectory {
    /// The bytes of the working directory's path, UTF-8 or not, from `/`; `ENOENT` when it was deleted (a process keeps
    /// its directory after `rmdir`, which then has no path).
    ///
    /// The corresponding C function is `getcwd`.
    package static func bytes() throws(Errno) -> [UInt8] {
        var path = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let found = path.withUnsafeMutableBytes { buffer in
            getcwd(buffer.baseAddress!.assumingMemoryBound(to: CChar.self), buffer.count)
        }
        guard found != nil else { throw Errno.current }
        return Array(path.prefix { $0 != 0 })
    }
}
#endif
