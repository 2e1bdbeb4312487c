#if os(Linux)
import CSystem
import Glibc

/// An open file descriptor: a pipe end, a process descriptor, an epoll instance, an event counter, a standard stream.
package struct FileDescriptor: Hashable, Sendable {
    /// The C value.
    package let rawValue: Int32

    /// Wraps a C value.
    package init(rawValue: Int32) { self.rawValue = rawValue }

    /// Standard input.
    package static let standardInput = FileDescriptor(rawValue: STDIN_FILENO)
    /// Standard output.
    package static let standardOutput = FileDescriptor(rawValue: STDOUT_FILENO)
    /// Standard error.
    package static let standardError = FileDescriptor(rawValue: STDERR_FILENO)

    /// Creates a pipe whose two ends are closed on `exec`, so no child inherits them unless a spawn file
    /// action duplicates one onto a standard descriptor.
    ///
    /// The corresponding C function is `pipe2`.
    package static func pipe() throws(Errno) -> (readEnd: FileDescriptor, writeEnd: FileDescriptor) {
        var ends: (Int32, Int32) = (-1, -1)
        _ = try withUnsafeMutablePointer(to: &ends) { (pair) throws(Errno) -> Int32 in
            try pair.withMemoryRebound(to: Int32.self, capacity: 2) { (fds) throws(Errno) -> Int32 in
                try retryingInterrupts { GNULibC.pipe2(fds, O_CLOEXEC) }
            }
        }
        return (FileDescriptor(rawValue: ends.0), FileDescriptor(rawValue: ends.1))
    }

    /// Opens `path` for reading and writing, closed on `exec`.
    ///
    /// The corresponding C function is `open`.
    package static func openForReadingAndWriting(_ path: String) throws(Errno) -> FileDescriptor {
        try open(path, flags: O_RDWR | O_CLOEXEC)
    }

    /// Opens `path` for reading only, closed on `exec`, without waiting (a FIFO with no writer) and without making
    /// a terminal the process's own; reads from it do not wait either (``Errno/wouldBlock``).
    ///
    /// The corresponding C function is `open`.
    package static func openForReading(_ path: String) throws(Errno) -> FileDescriptor {
        try open(path, flags: O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
    }

    /// Opens `path` with `flags`, no file created.
    ///
    /// The corresponding C function is `open`.
    private static func open(_ path: String, flags: Int32) throws(Errno) -> FileDescriptor {
        FileDescriptor(rawValue: try retryingInterrupts { Glibc.open(path, flags) })
    }

    /// Reads up to `buffer.count` bytes and returns how many it read, 0 at end of file.
    ///
    /// Throws ``Errno/wouldBlock`` when the descriptor is non-blocking and nothing is there.
    ///
    /// The corresponding C function is `read`.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        try retryingInterrupts { Glibc.read(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Every byte left to read, to the end of the file, or `nil` once more than `limit` bytes are read (the rest left
    /// unread).
    ///
    /// The corresponding C function is `read`.
    package func readToEnd(atMost limit: Int = .max) throws(Errno) -> [UInt8]? {
        var bytes: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let count = try read(into: chunk)
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > limit { return nil }
        }
    }

    /// Writes the bytes of `value` and returns how many it wrote.
    ///
    /// The corresponding C function is `write`.
    func write<Value: BitwiseCopyable>(_ value: Value) throws(Errno) -> Int {
        try withUnsafeBytes(of: value) { (bytes) throws(Errno) -> Int in try write(from: bytes) }
    }

    /// Writes every byte of `bytes`, in as many calls as it takes.
    ///
    /// The corresponding C function is `write`.
    package func writeAll(_ bytes: [UInt8]) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Result { () throws(Errno) -> Int in
                    try write(from: UnsafeRawBufferPointer(rebasing: buffer[offset...]))
                }
            }
            offset += try result.get()
        }
    }

    /// Writes up to `bytes.count` bytes of `bytes` and returns how many it wrote.
    ///
    /// The corresponding C function is `write`.
    private func write(from bytes: UnsafeRawBufferPointer) throws(Errno) -> Int {
        try retryingInterrupts { Glibc.write(rawValue, bytes.baseAddress, bytes.count) }
    }

    /// Gives the file the disk space of `length` bytes from byte `offset`, past its end too, leaving its size as it
    /// is, so that writing there later takes no free space: throws `ENOSPC` (or `EDQUOT`) when the disk has no room
    /// for it, and `EOPNOTSUPP` where the file system cannot allocate ahead.
    ///
    /// The corresponding C function is `fallocate` with `FALLOC_FL_KEEP_SIZE`.
    func allocate(from offset: Int, length: Int) throws(Errno) {
        _ = try retryingInterrupts { GNULibC.allocateKeepingSize(rawValue, off_t(offset), off_t(length)) }
    }

    /// Makes reads and writes fail with ``Errno/wouldBlock`` rather than wait; clears the other status flags.
    ///
    /// The corresponding C function is `fcntl` with `F_SETFL`.
    func makeNonBlocking() throws(Errno) {
        _ = try retryingInterrupts { fcntl(rawValue, F_SETFL, O_NONBLOCK) }
    }

    /// Makes reads wait for input again, as a descriptor opened with `O_NONBLOCK` did not; leaves the other status
    /// flags as they are.
    ///
    /// The corresponding C function is `fcntl` with `F_GETFL` and `F_SETFL`.
    func makeBlocking() throws(Errno) {
        let flags = try retryingInterrupts { fcntl(rawValue, F_GETFL) }
        _ = try retryingInterrupts { fcntl(rawValue, F_SETFL, flags & ~O_NONBLOCK) }
    }

    /// Makes `target` another descriptor for the same open file, closing what `target` was (it is kept across
    /// `exec`).
    ///
    /// The corresponding C function is `dup2`.
    package func duplicate(onto target: FileDescriptor) throws(Errno) {
        _ = try retryingInterrupts { dup2(rawValue, target.rawValue) }
    }

    /// Whether the descriptor is a terminal.
    ///
    /// The corresponding C function is `isatty`.
    package var isTerminal: Bool { isatty(rawValue) == 1 }

    /// Whether the process started without this descriptor, a standard stream (`prx … >&-`): it holds `/dev/null`
    /// opened for reading since, which a path naming it (`/dev/stdout`) reaches, not a stream.
    ///
    /// The corresponding C function is `csystem_standard_stream_was_closed`.
    package var wasClosedAtStart: Bool { csystem_standard_stream_was_closed(rawValue) != 0 }

    /// Whether the process started without this descriptor: a standard stream closed then (``wasClosedAtStart``), or
    /// one from 3 on that the program starting prx did not give it (every one, in a daemon), which a path naming it
    /// (`/dev/fd/8`) reaches only as whatever prx opened there since (a pidfd, a pipe, a result file), or as nothing.
    /// Descriptors from 1024 on are taken for given.
    ///
    /// The corresponding C functions are `csystem_standard_stream_was_closed` and
    /// `csystem_descriptor_was_open_at_start`.
    package var wasAbsentAtStart: Bool {
        rawValue <= 2 ? wasClosedAtStart : csystem_descriptor_was_open_at_start(rawValue) == 0
    }

    /// Waits until `events` (`POLLIN`, `POLLOUT`) come to the descriptor or `milliseconds` pass (-1: no limit),
    /// blocking the calling thread, and returns whether they came; also `true` for an error or a hang-up, which the
    /// next call on it reports. Throws ``Errno/interrupted`` when a signal cut the wait short.
    ///
    /// The corresponding C function is `poll`.
    package func poll(for events: Int32, within milliseconds: Int32) throws(Errno) -> Bool {
        var request = pollfd(fd: rawValue, events: Int16(events), revents: 0)
        let ready = Glibc.poll(&request, 1, milliseconds)
        if ready < 0 { throw Errno.current }
        return ready > 0
    }

    /// Whether `events` (`POLLIN`, `POLLOUT`) come to the descriptor within `milliseconds`, blocking the calling
    /// thread that long at most; also `true` for an error or a hang-up, which the next call on it reports, and
    /// `false` at the time limit or a signal.
    ///
    /// The corresponding C function is `poll` (``poll(for:within:)``).
    func isReady(for events: Int32, within milliseconds: Int32) -> Bool {
        do throws(Errno) {
            return try poll(for: events, within: milliseconds)
        } catch {
            return error != .interrupted
        }
    }

    /// Closes the descriptor.
    ///
    /// Linux releases the descriptor even when `close` reports an error (and retrying after `EINTR` could close
    /// a descriptor another thread has just opened), so errors are not reported.
    ///
    /// The corresponding C function is `close`.
    package func close() {
        _ = Glibc.close(rawValue)
    }
}
#endif
