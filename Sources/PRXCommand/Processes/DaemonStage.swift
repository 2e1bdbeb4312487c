import Foundation
import PRXPlugins

/// The part a prx process plays in starting a daemon, handed from one stage to the next in the
/// `PRX_DAEMON_STAGE` environment variable.
///
/// `prx -D …` (the launcher, no variable) starts a copy of itself in a new session (the session leader),
/// which starts one more copy (the daemon) and exits. The daemon is thus in a session without a controlling
/// terminal and, not leading that session, can never acquire one: what a double `fork` gives a C daemon,
/// done with `posix_spawn` of prx's own program, because `fork` is unsafe in a Swift process whose runtime
/// has already started threads. See ``DaemonLauncher``.
enum DaemonStage: String, Sendable {
    /// The intermediate copy: start the daemon and exit.
    case sessionLeader = "session-leader"
    /// The copy that runs the tasks.
    case daemon

    /// The environment variable that carries the stage.
    static let variable = "PRX_DAEMON_STAGE"
    /// The environment variable that carries the launcher's PID to the daemon: the launcher writes the daemon's
    /// announcement to its standard output and forwards its warnings to its standard error, files no result file of
    /// the daemon may be.
    static let launcherVariable = "PRX_DAEMON_LAUNCHER"

    /// The stage ``variable`` names in `environment`, or `nil` for none (or a value no stage has).
    init?(environment: [String: String]) {
        guard let value = environment[Self.variable] else { return nil }
        self.init(rawValue: value)
    }

    /// The stage this process was started as, or `nil` for a process no daemon launch started.
    ///
    /// Call once, first thing in the command, before any thread could start a program: the variable is removed
    /// from this process's environment so no task (and no `prx -D` a task runs) inherits it, and `unsetenv`
    /// moves the environment's entries under any thread copying them.
    static func claim() -> DaemonStage? {
        let environment = ProcessInfo.processInfo.environment
        guard environment[variable] != nil else { return nil }
        ProcessWideSettings.removeEnvironmentVariable(variable)
        return DaemonStage(environment: environment)
    }

    /// The PID of the prx that launched this daemon (``launcherVariable``), or `nil` when none was handed over;
    /// like ``claim()``, removes the variable from this process's environment, and is called with it.
    static func claimLauncher() -> pid_t? {
        guard let value = ProcessInfo.processInfo.environment[launcherVariable] else { return nil }
        ProcessWideSettings.removeEnvironmentVariable(launcherVariable)
        return pid_t(value).flatMap { $0 > 0 ? $0 : nil }
    }
}
