#if os(Linux)
import CSystem
import Glibc

/// Changes to state the whole process shares, made once, at the start of a command, before other threads
/// could read it.
package enum ProcessWideSettings {
    /// Removes `name` from the environment, so no program started later inherits it.
    ///
    /// The corresponding C function is `unsetenv`.
    package static func removeEnvironmentVariable(_ name: String) {
        unsetenv(name)
    }

    /// Makes a write to a pipe nobody reads fail with `EPIPE` instead of ending the process with `SIGPIPE`.
    ///
    /// The corresponding C function is `signal` (with `SIG_IGN`).
    package static func ignoreBrokenPipes() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    /// Makes a write past the file size limit (`ulimit -f`) fail with `EFBIG`, reported as a failed write of the file
    /// it names, instead of ending prx with `SIGXFSZ` before its run's results were written: the kernel sends the
    /// signal to the thread that wrote, and only the threads Dispatch starts block it, so that the signal ended prx
    /// on the main thread (a write there, or `kill -XFSZ`). Tasks get every signal at its default again.
    ///
    /// The corresponding C function is `signal` (with `SIG_IGN`).
    package static func ignoreFileSizeLimitSignal() {
        _ = signal(SIGXFSZ, SIG_IGN)
    }

    /// The size a file written may not pass (`ulimit -f`, in bytes): `Int.max` for none; `nil` when it cannot be read.
    ///
    /// The corresponding C function is `getrlimit` (`RLIMIT_FSIZE`).
    package static func fileSizeLimit() -> Int? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limit) == 0 else { return nil }
        return Int(clamping: limit.rlim_cur)
    }

    /// Gives `SIGCHLD` its default action again when prx was started with it ignored (`trap '' CHLD` in bash, or a
    /// parent that ignored it before its `exec`, which Linux keeps): ignored, the kernel reaps each child as it ends,
    /// and prx, which waits for its tasks (`wait4`) to learn how they ended and what they used, lost every one of them
    /// (`ERROR`, `lost track of process 4242: No child processes`).
    ///
    /// The corresponding C function is `signal` (with `SIG_DFL`).
    package static func restoreChildEndSignal() {
        _ = signal(SIGCHLD, SIG_DFL)
    }

    /// The soft and hard limits on open descriptors (`ulimit -Sn`, `ulimit -Hn`); no unprivileged process can raise
    /// the hard one. `Int.max` stands for none; `nil` when they cannot be read.
    ///
    /// The corresponding C function is `getrlimit` (`RLIMIT_NOFILE`).
    package static func descriptorLimits() -> (soft: Int, hard: Int)? {
        var limit = rlimit()
        guard getrlimit(descriptorResource, &limit) == 0 else { return nil }
        return (Int(clamping: limit.rlim_cur), Int(clamping: limit.rlim_max))
    }

    /// The numbers of the descriptors the process has open, as `/proc/self/fd` lists them, less the one the listing
    /// itself opens; empty when they cannot be listed.
    ///
    /// The corresponding C functions are `opendir`, `readdir` and `closedir`.
    package static func openDescriptors() -> [Int32] {
        guard let stream = opendir("/proc/self/fd") else { return [] }
        defer { closedir(stream) }
        let own = dirfd(stream)
        var numbers: [Int32] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let number = Int32(name), number != own { numbers.append(number) }
        }
        return numbers
    }

    /// Raises the soft limit on open descriptors to `needed`, within the hard one. Under a low soft limit
    /// (`ulimit -Sn 128`) most starts failed with "Too many open files" where the hard limit allowed them all. A
    /// limit already high enough is left alone. Tasks get the limit as it was before: they inherited the raised one
    /// (`ulimit -n` 432 in a task of `prx -m 100` under `ulimit -Sn 64`), where they should see what the user gave.
    ///
    /// The corresponding C function is `csystem_raise_descriptor_limit`, which tells prx's spawn what it raised.
    package static func raiseDescriptorLimit(to needed: Int) {
        _ = csystem_raise_descriptor_limit(rlim_t(clamping: needed))
    }

    /// `RLIMIT_NOFILE`, which Glibc imports as an enum case.
    private static let descriptorResource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
}
#endif
