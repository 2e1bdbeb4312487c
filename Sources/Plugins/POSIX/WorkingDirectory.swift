#if os(Linux)
import Glibc

/// prx's working directory, as the kernel names it.
package enum WorkingDirectory {
    /// Why prx cannot take its working directory's path as it takes every path, as UTF-8 text (``path()``).
    package enum Unnamable: Error, Equatable {
        /// It was deleted since prx started in it, and the system no longer gives its path (`ENOENT`).
        case deleted
        /// Its path is not UTF-8, which text holds with U+FFFD in place of those bytes, naming no directory (as
        /// Foundation's `currentDirectoryPath` does); `shown` is the path with those bytes written `\xNN`
        /// (`/x/d\xff`).
        case notUTF8(shown: String)
        /// The system could not give its path, for this reason.
        case unknown(Errno)
    }

    /// The working directory's path, from `/`, as UTF-8 text.
    ///
    /// The corresponding C function is `getcwd` (``bytes()``).
    package static func path() throws(Unnamable) -> String {
        let found: [UInt8]
        do {
            found = try bytes()
        } catch {
            throw error == .noSuchFile ? .deleted : .unknown(error)
        }
        guard let text = String(validating: found, as: UTF8.self) else {
            throw .notUTF8(shown: ControlCharacterEscaping.escaped(bytes: found))
        }
        return text
    }

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

    /// Makes the directory whose path is `bytes`, UTF-8 or not, prx's working directory.
    ///
    /// The corresponding C function is `chdir`.
    package static func change(to bytes: [UInt8]) throws(Errno) {
        let changed = (bytes + [0]).withUnsafeBufferPointer { path in
            path.withMemoryRebound(to: CChar.self) { chdir($0.baseAddress!) }
        }
        guard changed == 0 else { throw Errno.current }
    }
}
#endif
