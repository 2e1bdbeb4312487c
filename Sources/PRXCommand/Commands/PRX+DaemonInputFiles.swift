import Foundation
import PRXPlugins

extension PRX {
    /// Refuses, before a daemon (`-D`) is launched, a file the flags give the run to read that names one of this
    /// prx's descriptors the daemon does not have: `-A <(…)` (a process substitution's `/dev/fd/63`), `--hook
    /// /dev/fd/5`, each `-T`, `--parser` and `--stop-policy` file. The daemon starts with every descriptor above
    /// standard error closed, and standard input on `/dev/null` unless it reads `-A /dev/stdin`
    /// (`keepingStandardInput`), so that the path names nothing there, or a descriptor of the daemon's own, and
    /// the run was refused for a file the user's shell had just made (`cannot open arguments file /dev/fd/63: No
    /// such file or directory`). The launcher says why instead, as a daemon refuses a result file naming its
    /// standard output (`--json /dev/stdout`).
    func refuseDescriptorsADaemonLacks(keepingStandardInput: Bool) throws {
        let base = FileManager.default.currentDirectoryPath
        let files = (argumentsFile.map { [("-A", $0)] } ?? []) + tasks.map { ("-T", $0) }
            + LuaFlagFiles.files(of: self, base: base).map { ($0.origin.name, $0.path) }
        for (flag, path) in files {
            guard let descriptor = OwnDescriptorPath.descriptor(namedBy: SourceFileSystem.absolutePath(path, base: base)),
                descriptor != 0 || !keepingStandardInput
            else { continue }
            let instead = flag == "-A" ? "pipe the lines in as -A /dev/stdin, or name a file" : "name a file"
            throw CommandFailure(
                message: "\(flag) \(path) names prx's \(OwnDescriptorPath.name(of: descriptor)), which a daemon (-D) "
                    + "does not have: \(instead)")
        }
    }
}
