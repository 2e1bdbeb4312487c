#if os(Linux)
import Glibc

/// An epoll instance: a set of file descriptors kept by the kernel, waited on all at once.
///
/// Each registered descriptor carries a 64-bit tag of the caller's choosing, returned with its events.
struct Epoll: Sendable {
    /// Conditions to wait for, and conditions reported.
    struct Events: OptionSet, Sendable {
        let rawValue: UInt32
        /// `EPOLLIN`: there is something to read (for a process descriptor: the process has exited).
        static let readable = Events(rawValue: 0x001)
        /// `EPOLLERR`: an error condition (always reported).
        static let error = Events(rawValue: 0x008)
        /// `EPOLLET`: report a condition once, when it arises, rather than as long as it holds.
        static let edgeTriggered = Events(rawValue: 0x8000_0000)
    }

    /// The epoll instance's own descriptor.
    let descriptor: FileDescriptor

    /// Creates an epoll instance, closed on `exec`.
    ///
    /// The corresponding C function is `epoll_create1`.
    static func create() throws(Errno) -> Epoll {
        let fd = try retryingInterrupts { GNULibC.epollCreate1(GNULibC.epollCloseOnExec) }
        return Epoll(descriptor: FileDescriptor(rawValue: fd))
    }

    /// Starts watching `fd` for `events`, reporting them with `tag`.
    ///
    /// The corresponding C function is `epoll_ctl` with `EPOLL_CTL_ADD`.
    func add(_ fd: FileDescriptor, events: Events, tag: UInt64) throws(Errno) {
        try control(1 /* EPOLL_CTL_ADD */, fd, events: events, tag: tag)
    }

    /// Watches `fd`, watched already, for `events` from now on, reporting them with `tag`.
    ///
    /// The corresponding C function is `epoll_ctl` with `EPOLL_CTL_MOD`.
    func modify(_ fd: FileDescriptor, events: Events, tag: UInt64) throws(Errno) {
        try control(3 /* EPOLL_CTL_MOD */, fd, events: events, tag: tag)
    }

    /// Adds `fd` to the set or changes what it is watched for: `operation` is `EPOLL_CTL_ADD` or `EPOLL_CTL_MOD`.
    private func control(_ operation: Int32, _ fd: FileDescriptor, events: Events, tag: UInt64) throws(Errno) {
        _ = try withUnsafeTemporaryAllocation(byteCount: 16, alignment: 8) { (event) throws(Errno) -> Int32 in
            EpollEventBuffer.Layout.encode(events: events, tag: tag, into: event)
            return try retryingInterrupts {
                GNULibC.epollControl(descriptor.rawValue, operation, fd.rawValue, event.baseAddress)
            }
        }
    }

    /// Stops watching `fd`.
    ///
    /// The corresponding C function is `epoll_ctl` with `EPOLL_CTL_DEL`.
    func remove(_ fd: FileDescriptor) throws(Errno) {
        _ = try retryingInterrupts {
            GNULibC.epollControl(descriptor.rawValue, 2 /* EPOLL_CTL_DEL */, fd.rawValue, nil)
        }
    }

    /// Waits until a watched descriptor has events or `timeoutMilliseconds` pass (-1: no limit), fills
    /// `buffer`, and returns how many entries it filled.
    ///
    /// A signal that interrupts the wait is reported as zero events rather than retried, so that the caller
    /// recomputes its timeout.
    ///
    /// The corresponding C function is `epoll_wait`.
    func wait(into buffer: EpollEventBuffer, timeoutMilliseconds: Int32) throws(Errno) -> Int {
        let count = GNULibC.epollWait(
            descriptor.rawValue, buffer.storage.baseAddress!, Int32(buffer.capacity), timeoutMilliseconds)
        if count >= 0 { return Int(count) }
        let error = Errno.current
        if error == .interrupted { return 0 }
        throw error
    }
}

/// Room for the events one ``Epoll/wait(into:timeoutMilliseconds:)`` reports, laid out as the kernel writes
/// `struct epoll_event`.
final class EpollEventBuffer {
    /// The C layout of `struct epoll_event`: a 32-bit event mask, then the 64-bit tag, packed on x86-64
    /// (12 bytes) and naturally aligned elsewhere (16 bytes).
    enum Layout {
        #if arch(x86_64)
        static let tagOffset = 4
        static let size = 12
        #else
        static let tagOffset = 8
        static let size = 16
        #endif

        /// Writes one `struct epoll_event` at the start of `bytes`.
        static func encode(events: Epoll.Events, tag: UInt64, into bytes: UnsafeMutableRawBufferPointer) {
            bytes.storeBytes(of: events.rawValue, toByteOffset: 0, as: UInt32.self)
            bytes.storeBytes(of: tag, toByteOffset: tagOffset, as: UInt64.self)
        }
    }

    /// How many events fit.
    let capacity: Int
    fileprivate let storage: UnsafeMutableRawBufferPointer

    /// Creates room for `capacity` events.
    init(capacity: Int) {
        self.capacity = capacity
        storage = .allocate(byteCount: capacity * Layout.size, alignment: 8)
    }

    deinit { storage.deallocate() }

    /// The events and tag of entry `index`.
    subscript(index: Int) -> (events: Epoll.Events, tag: UInt64) {
        let offset = index * Layout.size
        return (
            Epoll.Events(rawValue: storage.loadUnaligned(fromByteOffset: offset, as: UInt32.self)),
            storage.loadUnaligned(fromByteOffset: offset + Layout.tagOffset, as: UInt64.self)
        )
    }
}
#endif
