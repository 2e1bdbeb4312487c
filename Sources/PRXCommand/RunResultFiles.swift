import Foundation
import PRXPlugins

/// The files a run's sinks write, its result files, each with what named it: a sink's `path` setting (`--json`, or
/// `NAME.path`, with the recipe line that gave it, else, for a `--set`'s, the line that chose the sink), else the
/// run's own file of a built-in sink in the log directory (with the recipe line that chose the sink, a
/// `prx.sink("csv")` without a `path`).
struct RunResultFiles {
    /// The run's sinks, in order.
    var sinks: [RunPlan.Selection]
    /// The run's log, summary and output files, which the built-in sinks write without a `path`.
    var logFiles: RunLogFiles
    /// The file `--json` named, so that it is named by `--json`, not by the `json.path` it maps onto.
    var jsonPath: String?
    /// The plugins the sinks come from, whose declarations give a sink's settings their defaults.
    var registry: PluginRegistry

    /// The file `selection`'s sink writes and what named it; `nil` for a sink that names no file.
    func file(of selection: RunPlan.Selection) -> (path: String, origin: ResultFileClaims.Origin)? {
        if let path = selection.settings["path"]?.text {
            let byFlag = selection.name == "json" && path == jsonPath && selection.position == nil
            let position = selection.position ?? selection.chosenAt
            return (path, .init(name: byFlag ? "--json" : "\(selection.name).path", position: position))
        }
        let ownFiles = [
            "log": (logFiles.mainLog, "the run's log"), "csv": (logFiles.summaryCSV, "the run's CSV summary"),
            "output": (logFiles.taskOutput, "the run's task output"),
        ]
        return ownFiles[selection.name].map { path, name in (path, .init(name: name, position: selection.position)) }
    }

    /// The files the `log` sink of `selection` renames its log to as it rotates it (``LogRotation``), each
    /// replacing what is there; none for another sink, nor for a log whose path is there and not a regular file (a
    /// FIFO, a device, a socket, a symbolic link to one), which ``RunLog`` never rotates.
    func backups(of selection: RunPlan.Selection) -> [String] {
        guard selection.name == "log", let path = file(of: selection)?.path,
            let settings = try? registry.checkedSettings(.sink, named: selection.name, selection.settings)
        else { return [] }
        let absolute = SourceFileSystem.absolutePath(path, base: FileManager.default.currentDirectoryPath)
        if let identity = FileIdentity(ofFileAt: absolute), !identity.isRegularFile { return [] }
        return LogRotation(settings: settings).backupPaths(of: path)
    }

    /// The result files there already, and the files a log's rotation would replace, by identity, those with offsets
    /// (regular files): what the task sources look for among their task files (``PluginContext/resultFiles``),
    /// before any result file is opened. A file made later cannot be a task file, which the sources have found by
    /// then; a stream is not emptied by opening it. A task file found here that is another name (a hard link) of a
    /// file the rotation replaces is no clash: ``ResultFileClaims`` tells a rotation's files by their names.
    var existingFiles: Set<FileIdentity> {
        let base = FileManager.default.currentDirectoryPath
        let paths = sinks.flatMap { selection in
            (file(of: selection).map { [$0.path] } ?? []) + backups(of: selection)
        }
        return Set(paths.compactMap { FileIdentity(ofFileAt: SourceFileSystem.absolutePath($0, base: base)) }
            .filter(\.hasOffsets))
    }
}
