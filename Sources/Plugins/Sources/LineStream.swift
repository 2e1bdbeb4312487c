#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read one line at a time through one buffer that grows only to the longest line, so that a file of any
/// length is read in bounded memory.
///
/// The stream owns its `FILE*` and closes it when released. It is a class because it is a handle: copies share
/// the position in the file.
final class LineStream {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0

    /// Opens the file at `path` for reading, closed on `exec`.
    ///
    /// The corresponding C function is `fopen`.
    init(path: String) throws(SourceFileSystem.CallError) {
        var opened: UnsafeMutablePointer<FILE>?
        repeat {
            opened = fopen(path, "re")
        } while opened == nil && errno == EINTR
        guard let opened else { throw SourceFileSystem.CallError(code: errno) }
        file = opened
    }

    deinit {
        free(buffer)
        fclose(file)
    }

    /// Returns the next line, its line end included, decoded as UTF-8 (invalid bytes become U+FFFD), or `nil` at
    /// the end of the file.
    ///
    /// The corresponding C function is `getline`.
    func nextLine() throws(SourceFileSystem.CallError) -> String? {
        while true {
            let count = getline(&buffer, &capacity, file)
            if count >= 0 {
                return String(decoding: UnsafeRawBufferPointer(start: buffer, count: count), as: UTF8.self)
            }
            if ferror(file) == 0 { return nil }
            let code = errno
            guard code == EINTR else { throw SourceFileSystem.CallError(code: code) }
            clearerr(file)
        }
    }
}
