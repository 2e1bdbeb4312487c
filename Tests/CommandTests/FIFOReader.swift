import Foundation
import PRXTesting

/// The test's read end of a FIFO that prx writes, opened before prx starts: prx gives up a FIFO no process reads after
/// 5 s, and a reader opened only once prx runs (a task that waits for a thread of the cooperative pool, which the
/// suite's other tests may hold) can come later than that on a loaded machine.
final class FIFOReader: Sendable {
    private let descriptor: Int32

    /// Opens the FIFO at `fifo` for reading, without waiting for a writer.
    ///
    /// - Throws: `POSIXError` when it cannot be opened.
    init(_ fifo: String) throws {
        descriptor = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    deinit {
        close(descriptor)
    }

    /// The lines written to the FIFO: read once a writer has opened it, until the last writer closes it, or until
    /// `seconds` have passed (what was read by then).
    func lines(seconds: Double = 60) async -> [Substring] {
        let descriptor = descriptor
        let text = await BlockingCall.run { () -> String in
            let deadline = Date().addingTimeInterval(seconds)
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while Date() < deadline {
                // Until a writer has opened the FIFO, `poll` reports nothing (no end of file: `POLLHUP` is kept back
                // from a reader opened with O_NONBLOCK until it has seen a writer), where `read` would return 0.
                var watched = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&watched, 1, 100) > 0 else { continue }
                let count = read(descriptor, &chunk, chunk.count)
                if count == 0 { break }
                if count > 0 { bytes += chunk[..<count] }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return text.split(separator: "\n")
    }
}
