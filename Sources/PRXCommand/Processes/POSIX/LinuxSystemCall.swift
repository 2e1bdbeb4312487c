import Glibc

/// The Linux system calls the command makes that the C library has no function for (`pidfd_open`,
/// `pidfd_send_signal`), made through the C library's variadic `syscall`.
///
/// Swift cannot call a variadic C function, so `syscall` is looked up once, by name, and called through a
/// pointer of a fixed C type. Linux's x86-64 and arm64 calling conventions pass a variadic call's integer
/// arguments in the same registers as a fixed one, and glibc's `syscall` only moves those registers into the
/// system call. Only ``ProcessDescriptor`` calls these.
enum LinuxSystemCall {
    /// `long syscall(long number, ...)` with four integer arguments: `pidfd_send_signal` takes four (its
    /// `siginfo_t *` and flags must be 0), `pidfd_open` two and ignores the rest.
    private static let syscall4: @convention(c) (Int, Int, Int, Int, Int) -> Int = {
        // A nil handle is RTLD_DEFAULT: the global scope, where the C library is.
        guard let symbol = dlsym(nil, "syscall") else { fatalError("the C library lacks syscall") }
        return unsafeBitCast(symbol, to: (@convention(c) (Int, Int, Int, Int, Int) -> Int).self)
    }()

    /// `SYS_pidfd_send_signal`, the same number on every Linux architecture (Linux 5.1).
    static let pidfdSendSignal = 424
    /// `SYS_pidfd_open`, the same number on every Linux architecture (Linux 5.3).
    static let pidfdOpen = 434

    /// Makes system call `number` with one or two integer arguments, the others 0; returns its result or
    /// throws `errno`.
    ///
    /// The corresponding C function is `syscall`.
    static func call(_ number: Int, _ first: Int, _ second: Int = 0) throws(Errno) -> Int {
        try retryingInterrupts { syscall4(number, first, second, 0, 0) }
    }
}
