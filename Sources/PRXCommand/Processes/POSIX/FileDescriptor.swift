import Glibc

/// An open file descriptor of the command: a pipe end, a standard stream, `/dev/null`.
struct FileDescriptor: Hashable, Sendable {
    /// The C value.
    let rawValue: Int32

    /// Wraps a C value.
    init(rawValue: Int32) { self.rawValue = rawValue }

    /// Standard input.
    static let standardInput = FileDescriptor(rawValue: STDIN_FILENO)
    /// Standard output.
    static let standardOutput = FileDescriptor(rawValue: STDOUT_FILENO)
    /// Standard error.
    static let standardError = FileDescriptor(rawValue: STDERR_FILENO)

    /// Creates a pipe.
    ///
    /// Both ends are made close-on-exec right after: between the two calls another thread's spawn could
    /// inherit them, which the command avoids by creating its pipes before it spawns anything concurrently.
    ///
    /// The corresponding C function is `pipe`.
    static func pipe() throws(Errno) -> (readEnd: FileDescriptor, writeEnd: FileDescriptor) {
        var ends: [Int32] = [-1, -1]
        _ = try retryingInterrupts { Glibc.pipe(&ends) }
        let pair = (FileDescriptor(rawValue: ends[0]), FileDescriptor(rawValue: ends[1]))
        try pair.0.closeOnExec()
        try pair.1.closeOnExec()
        return pair
    }

    /// Opens `path` for reading and writing, closed on `exec`.
    ///
    /// The corresponding C function is `open`.
    static func open(_ path: String) throws(Errno) -> FileDescriptor {
        FileDescriptor(rawValue: try retryingInterrupts { Glibc.open(path, O_RDWR | O_CLOEXEC) })
    }

    /// Opens `path` for reading only, closed on `exec`, without waiting (a FIFO with no writer) and without making
    /// a terminal the process's own.
    ///
    /// The corresponding C function is `open`.
    static func openForReading(_ path: String) throws(Errno) -> FileDescriptor {
        let flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK
        return FileDescriptor(rawValue: try retryingInterrupts { Glibc.open(path, flags) })
    }

    /// Marks the descriptor close-on-exec, so no program the process runs inherits it.
    ///
    /// The corresponding C function is `fcntl` with `F_SETFD`.
    func closeOnExec() throws(Errno) {
        _ = try retryingInterrupts { fcntl(rawValue, F_SETFD, FD_CLOEXEC) }
    }

    /// Reads up to `buffer.count` bytes and returns how many it read, 0 at end of file.
    ///
    /// The corresponding C function is `read`.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        try retryingInterrupts { Glibc.read(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Writes all of `bytes`, in as many calls as it takes.
    ///
    /// The corresponding C function is `write`.
    func write(_ bytes: [UInt8]) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Result { () throws(Errno) -> Int in
                    try retryingInterrupts {
                        Glibc.write(rawValue, buffer.baseAddress! + offset, buffer.count - offset)
                    }
                }
            }
            offset += try result.get()
        }
    }

    /// Makes `target` another descriptor for the same open file, closing what `target` was (it is kept across
    /// `exec`).
    ///
    /// The corresponding C function is `dup2`.
    func duplicate(onto target: FileDescriptor) throws(Errno) {
        _ = try retryingInterrupts { dup2(rawValue, target.rawValue) }
    }

    /// Whether the descriptor is a terminal.
    ///
    /// The corresponding C function is `isatty`.
    var isTerminal: Bool { isatty(rawValue) == 1 }

    /// Closes the descriptor; errors are not reported, as Linux releases the descriptor regardless.
    ///
    /// The corresponding C function is `close`.
    func close() {
        _ = Glibc.close(rawValue)
    }
}
