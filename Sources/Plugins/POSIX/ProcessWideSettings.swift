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

    /// The hard limit on open descriptors (`ulimit -Hn`), which no unprivileged process can raise (`Int.max` for
    /// none); `nil` when it cannot be read.
    ///
    /// The corresponding C function is `getrlimit` (`RLIMIT_NOFILE`).
    package static func descriptorHardLimit() -> Int? {
        var limit = rlimit()
        guard getrlimit(descriptorResource, &limit) == 0 else { return nil }
        return Int(clamping: limit.rlim_max)
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
