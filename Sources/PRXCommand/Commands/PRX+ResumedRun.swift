import Foundation
import PRXPlugins

extension PRX {
    /// How the run that `--resume` or `--resume-failed` takes up was started, for the choices made before a run's
    /// process is: whether it detaches, and whether a daemon keeps standard input.
    struct ResumedRun {
        /// Its flags, as its journal recorded them.
        var flags: PRX
        /// The bytes of the path of the directory it ran in, which its relative paths are named from, UTF-8 or not
        /// (``RunInvocation/workingDirectoryPath``); `nil` when its journal could not name it, the resumption then
        /// running in the current one.
        var directory: [UInt8]?

        /// Whether it read its arguments file from standard input (`-A /dev/stdin`, or a path that names what
        /// standard input is), a relative path named from the directory the resumption runs in.
        var readsStandardInput: Bool {
            guard let path = flags.argumentsFile else { return false }
            guard let directory, !PathSlashes.isAbsolute(path) else { return DaemonLauncher.isStandardInput(path) }
            return DaemonLauncher.isStandardInput(atBytes: directory + Array("/".utf8) + Array(path.utf8))
        }
    }

    /// The run that `--resume` or `--resume-failed` takes up, read from the history; `nil` when this is no
    /// resumption, or that run cannot be read, or its journal is another user's, whose resumption then says why. A
    /// resumption runs the run again with its own flags, `-D` among them: a run started as a daemon is resumed as one.
    var resumedRun: ResumedRun? {
        guard let runID = resumeRun ?? resumeFailedRun, RunHistory.isRunID(runID),
            let invocation = RunHistory(directory: PRXHome().history, trustedWriter: geteuid()).invocation(of: runID),
            let flags = try? PRX.parsed(invocation.arguments)
        else { return nil }
        return ResumedRun(flags: flags, directory: invocation.workingDirectoryPath)
    }
}
