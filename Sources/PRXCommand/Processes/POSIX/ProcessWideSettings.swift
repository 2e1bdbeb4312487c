import Glibc

/// Changes to state the whole process shares, made once, at the start of a command, before other threads
/// could read it.
enum ProcessWideSettings {
    /// Removes `name` from the environment, so no program started later inherits it.
    ///
    /// The corresponding C function is `unsetenv`.
    static func removeEnvironmentVariable(_ name: String) {
        unsetenv(name)
    }

    /// Makes a write to a pipe nobody reads fail with `EPIPE` instead of ending the process with `SIGPIPE`.
    ///
    /// The corresponding C function is `signal` (with `SIG_IGN`).
    static func ignoreBrokenPipes() {
        _ = signal(SIGPIPE, SIG_IGN)
    }
}
