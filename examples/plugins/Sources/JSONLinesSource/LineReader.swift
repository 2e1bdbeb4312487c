#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read one line at a time through one buffer that grows only to the longest line, so that a file of any
/// length is read in bounded memory and lines appended while it is read are still seen.
///
/// It is a class because it is a handle: it owns its `FILE*`, closes it when released, and copies share the
/// position in the file.
final class LineReader {
    /// Why the file could not be opened or read: the system's error number.
    struct Failure: Error {
        /// The system's error number.
        var code: Int32

        /// The system's reason, e.g. `No such file or directory`.
        var reason: String { String(cString: strerror(code)) }
    }

    private let file: UnsafeMutablePointer<FILE>
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0

    /// Opens the file at `path` for reading, closed on `exec` so that tasks do not inherit it.
    ///
    /// The corresponding C function is `fopen`.
    init(path: String) throws(Failure) {
        var opened: UnsafeMutablePointer<FILE>?
        repeat {
            opened = fopen(path, "re")
        } while opened == nil && errno == EINTR
        guard let opened else { throw Failure(code: errno) }
        file = opened
    }

    deinit {
        free(buffer)
        fclose(file)
    }

    /// Returns the next line without its line end (`\n` or `\r\n`), decoded as UTF-8 (invalid bytes become
    /// U+FFFD), or `nil` at the end of the file.
    ///
    /// At the end of the file the end-of-file mark is cleared, so a later call sees lines appended since.
    ///
    /// The corresponding C function is `getline`.
    func nextLine() throws(Failure) -> String? {
        while true {
            let count = getline(&buffer, &capacity, file)
            if count >= 0 {
                var bytes = UnsafeRawBufferPointer(start: buffer, count: count)[...]
                if bytes.last == UInt8(ascii: "\n") { bytes = bytes.dropLast() }
                if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
                return String(decoding: bytes, as: UTF8.self)
            }
            let failed = ferror(file) != 0
            let code = errno
            clearerr(file)
            if !failed { return nil }
            guard code == EINTR else { throw Failure(code: code) }
        }
    }
}
