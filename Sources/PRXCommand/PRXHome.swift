import Foundation
import PRXPlugins

/// Where prx keeps its files.
///
/// With `$PRX_HOME` set, everything is under it. Without it, the log files parallelr users know stay where
/// parallelr keeps them (`~/parallelr/logs`, and `~/ptasker/logs` when invoked as `ptasker`, as parallelr names
/// its directories after the name it was invoked by, ``InvocationName/homeDirectoryName``) and the rest goes to
/// `~/prx`: the shared workspace (`~/prx/workspace`, as the configuration issue names it), the history and the
/// registry of running runs.
/// Tests point `PRX_HOME` into a temporary directory so they never write into the real home.
struct PRXHome {
    /// The base of parallelr's files (the logs).
    var path: String
    /// The base of prx's own state and of the workspace.
    var statePath: String

    /// The home for this process's environment, for prx running under the name `invocation` (a resumption: the
    /// name its run was started by). The tests give `environment` (a made-up `HOME`, with or without `PRX_HOME`) to
    /// see where each directory goes.
    init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        invocation: InvocationName = .ofThisProcess
    ) {
        if let explicit = environment["PRX_HOME"], !explicit.isEmpty {
            path = explicit
            statePath = explicit
        } else {
            let userHome = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            path = userHome + "/" + invocation.homeDirectoryName
            statePath = userHome + "/prx"
        }
    }

    /// The run journals.
    var history: String { statePath + "/history" }

    /// The default directory of the log, summary and output files.
    var logs: String { path + "/logs" }

    /// The shared working directory of tasks.
    var workspace: String { statePath + "/workspace" }

    /// Creates `directory` and its parents, as `mkdir -p` does; a failure names `what` the directory is for (the
    /// log directory, and the flag and key that choose it), the directory, and what the system said.
    ///
    /// The corresponding C function is `mkdir` (``DirectoryCreation``).
    static func create(_ directory: String, for what: String) throws(CommandFailure) {
        do {
            try DirectoryCreation.create(directory)
        } catch {
            throw failure(error, creating: directory, for: what)
        }
    }

    /// Refuses, as ``create(_:for:)`` would, a `directory` a part of which is there and not a directory, without
    /// creating any: a dry run's check of what the run would make.
    ///
    /// The corresponding C function is `stat` (``DirectoryCreation/obstacle(to:)``).
    static func checkCreatable(_ directory: String, for what: String) throws(CommandFailure) {
        if let obstacle = DirectoryCreation.obstacle(to: directory) {
            throw failure(obstacle, creating: directory, for: what)
        }
    }

    /// The command's error for `failure` to create `directory`, which is for `what`.
    private static func failure(
        _ failure: DirectoryCreation.Failure, creating directory: String, for what: String
    ) -> CommandFailure {
        CommandFailure(message: "cannot create \(what) \(directory): \(failure.reason)")
    }
}
