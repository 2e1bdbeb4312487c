#if os(Linux)
/// The words a task's result gives when its program could not be started, in one place for the run, which says why
/// its child did not start (``ProcessSpawner``), and for the dry run, which foretells it (the command's program
/// check): the two cannot drift apart. Words for a program found read its `#!` line (``BadInterpreter``): only once
/// its start has failed, or in a dry run.
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

    /// `program` could not be run for `error`, which its `execve` (or the search of `searchPath`, the `PATH` the task
    /// gets, for a program named without a slash) met: `command not found: NAME`, `permission denied: NAME` or `cannot
    /// start NAME: REASON`; or, when the program was found and the interpreter its `#!` line names is what `execve`
    /// failed for (``BadInterpreter``), `bad interpreter INTERPRETER: REASON (named by the #! line of NAME)`. A
    /// relative path (`./process.sh`) is looked up in the task's working directory, `directory`, not where prx started,
    /// and is named with it when it is given.
    package static func program(
        _ program: String, _ error: Errno, workingDirectory directory: String?, searchPath: String
    ) -> String {
        if program.isEmpty {
            // `-C '""'`: the kernel's EACCES for an empty path named nothing.
            return "the program's name is empty: no program to start"
        }
        let isRelativePath = program.unicodeScalars.contains("/") && !PathSlashes.isAbsolute(program)
        let relativeTo = isRelativePath ? directory.map { "relative to the task's working directory, \($0)" } : nil
        if let bad = BadInterpreter.causing(error, program: program, searchPath: searchPath, directory: directory) {
            return badInterpreter(bad, place: relativeTo.map { ", \($0)" } ?? "")
        }
        let place = relativeTo.map { " (\($0))" } ?? ""
        switch error {
        case .noSuchFile: return "command not found: \(program)\(place)"
        case .permissionDenied: return "permission denied: \(program)\(place)"
        default: return setUp(program, error)
        }
    }

    /// `bad interpreter INTERPRETER: REASON (named by the #! line of SCRIPT, the interpreter of PROGRAM)`, each script
    /// of `bad`'s chain named from the one whose line names the interpreter back to the task's program, which `place`
    /// follows. The interpreter's control characters are written as escapes: a script saved with Windows line ends
    /// names `/bin/sh\r`, whose carriage return, printed, would hide the name it ends; such a line is said to end so.
    private static func badInterpreter(_ bad: BadInterpreter, place: String) -> String {
        let scripts = bad.scripts.reversed()
        let lineEnd =
            bad.interpreter.hasSuffix("\r") ? ", which ends with a carriage return, as Windows ends lines" : ""
        let namers = ["the #! line of \(scripts.first ?? "")\(lineEnd)"]
            + scripts.dropFirst().map { "the interpreter of \($0)" }
        let interpreter = ControlCharacterEscaping.escaped(bad.interpreter)
        return "bad interpreter \(interpreter): \(bad.error) (named by \(namers.joined(separator: ", "))\(place))"
    }
}
#endif
