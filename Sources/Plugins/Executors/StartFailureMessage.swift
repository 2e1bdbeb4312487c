#if os(Linux)
/// The words a task's result gives when its program could not be started, in one place for the run, which says why
/// its child did not start (``ProcessSpawner``), and for the dry run, which foretells it (the command's program
/// check): the two cannot drift apart.
package enum StartFailureMessage {
    /// The task could not change to its working directory, `directory`, for `error`.
    package static func workingDirectory(_ directory: String, _ error: Errno) -> String {
        "cannot change to working directory \(directory): \(error)"
    }

    /// The task's child failed for `error` as it readied itself to run `program`, before its working directory or its
    /// program were tried: `cannot start NAME: REASON`.
    package static func setUp(_ program: String, _ error: Errno) -> String {
        "cannot start \(program): \(error)"
    }

    /// `program` could not be run for `error`, which its `execve` (or the search of the `PATH`) met:
    /// `command not found: NAME`, `permission denied: NAME` or `cannot start NAME: REASON`. A relative path
    /// (`./process.sh`) is looked up in the task's working directory, `directory`, not where prx started, and is named
    /// with it when it is given.
    package static func program(_ program: String, _ error: Errno, workingDirectory directory: String?) -> String {
        if program.isEmpty {
            // `-C '""'`: the kernel's EACCES for an empty path named nothing.
            return "the program's name is empty: no program to start"
        }
        let place =
            if let directory, program.unicodeScalars.contains("/") && !PathSlashes.isAbsolute(program) {
                " (relative to the task's working directory, \(directory))"
            } else {
                ""
            }
        switch error {
        case .noSuchFile: return "command not found: \(program)\(place)"
        case .permissionDenied: return "permission denied: \(program)\(place)"
        default: return setUp(program, error)
        }
    }
}
#endif
