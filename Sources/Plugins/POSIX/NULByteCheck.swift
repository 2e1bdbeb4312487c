/// What a C string cannot hold: a NUL byte ends it, so that an argument, a variable or a directory holding one
/// would reach the program cut short, or, for a variable, as another one (`A=x\0B=y`).
///
/// Sources check their tasks with it, so that a dry run shows such a task as not runnable; the executor checks
/// every task again before it starts one, whatever its source.
enum NULByteCheck {
    /// Why a program cannot be given `argv`, `environment` and `workingDirectory`, or `nil` when it can.
    /// Arguments count from 1, the program being argument 1.
    static func violation(argv: [String], environment: [String: String], workingDirectory: String? = nil) -> String? {
        if let index = argv.firstIndex(where: holdsNUL) {
            return "argument \(index + 1) contains a NUL byte, which no program can be given"
        }
        if let variable = environment.first(where: { holdsNUL($0.key) || holdsNUL($0.value) }) {
            return "environment variable \(variable.key) contains a NUL byte, which no program can be given"
        }
        if workingDirectory.map(holdsNUL) == true {
            return "the working directory contains a NUL byte: no directory has that name"
        }
        return nil
    }

    /// Whether `text` holds a NUL byte, scanned as one buffer: every task's words are checked twice (by its source
    /// and before its start).
    private static func holdsNUL(_ text: String) -> Bool {
        text.containsUTF8Byte { $0 == 0 }
    }
}
