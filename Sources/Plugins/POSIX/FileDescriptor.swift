#if os(Linux)
import Glibc

/// An open file descriptor: a pipe end, a process descriptor, an epoll instance, an event counter.
struct FileDescriptor: Hashable, Sendable {
    /// The C value.
    let rawValue: Int32

    /// Wraps a C value.
    init(rawValue: Int32) { self.rawValue = rawValue }

    /// Creates a pipe whose two ends are closed on `exec`, so no child inherits them unless a spawn file
    /// action duplicates one onto a standard descriptor.
    ///
    /// The corresponding C function is `pipe2`.
    static func pipe() throws(Errno) -> (readEnd: FileDescriptor, writeEnd: FileDescriptor) {
        var ends: (Int32, Int32) = (-1, -1)
        _ = try withUnsafeMutablePointer(to: &ends) { (pair) throws(Errno) -> Int32 in
            try pair.withMemoryRebound(to: Int32.self, capacity: 2) { (fds) throws(Errno) -> Int32 in
                try retryingInterrupts { GNULibC.pipe2(fds, O_CLOEXEC) }
            }
        }
        return (FileDescriptor(rawValue: ends.0), FileDescriptor(rawValue: ends.1))
    }

    /// Reads up to `buffer.count` bytes and returns how many it read, 0 at end of file.
    ///
    /// Throws ``Errno/wouldBlock`` when the descriptor is non-blocking and nothing is there.
    ///
    /// The corresponding C function is `read`.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        try retryingInterrupts { Glibc.read(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Writes the bytes of `value` and returns how many it wrote.
    ///
    /// The corresponding C function is `write`.
    func write<Value: BitwiseCopyable>(_ value: Value) throws(Errno) -> Int {
        try withUnsafeBytes(of: value) { (bytes) throws(Errno) -> Int in
            try retryingInterrupts { Glibc.write(rawValue, bytes.baseAddress, bytes.count) }
        }
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

    /// Closes the descriptor.
    ///
    /// Linux releases the descriptor even when `close` reports an error (and retrying after `EINTR` could close
    /// a descriptor another thread has just opened), so errors are not reported.
    ///
    /// The corresponding C function is `close`.
    /// Whether `events` (`POLLIN`, `POLLOUT`) come to the descriptor within `milliseconds`, blocking the calling
    /// thread that long at most; also `true` for an error or a hang-up, which the next call on it reports, and
    /// `false` at the time limit or a signal.
    ///
    /// The corresponding C function is `poll`.
    func isReady(for events: Int32, within milliseconds: Int32) -> Bool {
        var request = pollfd(fd: rawValue, events: Int16(events), revents: 0)
        let ready = Glibc.poll(&request, 1, milliseconds)
        return ready > 0 || (ready < 0 && errno != EINTR)
    }

    func close() {
        _ = Glibc.close(rawValue)
    }
}
#endif
