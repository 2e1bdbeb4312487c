import Foundation

/// Where prx keeps its files: `$PRX_HOME`, or `~/parallelr` as parallelr does, with `logs/` and `workspace/`.
///
/// Tests point `PRX_HOME` into a temporary directory so they never write into the real home.
struct PRXHome {
    /// The base directory.
    var path: String

    /// The home for this process's environment.
    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let explicit = environment["PRX_HOME"], !explicit.isEmpty {
            path = explicit
        } else {
            let userHome = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            path = userHome + "/parallelr"
        }
    }

    /// The default directory of the log, summary and output files.
    var logs: String { path + "/logs" }

    /// The shared working directory of tasks.
    var workspace: String { path + "/workspace" }

    /// Creates `directory` and its parents; a failure names the directory.
    static func create(_ directory: String) throws(CommandFailure) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure(message: "cannot create directory \(directory): \(error.localizedDescription)")
        }
    }
}
