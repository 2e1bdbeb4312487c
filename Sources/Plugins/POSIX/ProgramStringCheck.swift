import Glibc

/// What `execve` cannot give a program: an argument or a variable holding a NUL byte, which ends a C string, so that
/// it would reach the program cut short, or, for a variable, as another one (`A=x\0B=y`); and one longer than Linux
/// passes a program in one string (`MAX_ARG_STRLEN`, 32 pages: 131071 bytes and the NUL), which fails the start with
/// `E2BIG` (`Argument list too long`), as a 200 KB certificate given to `-E CERT` would. A directory holding a NUL
/// byte is named by none.
///
/// Sources check their tasks with it, so that a dry run shows such a task as not runnable; the executor checks
/// every task again before it starts one, whatever its source.
enum ProgramStringCheck {
    /// Why a program cannot be given `argv`, `environment` and `workingDirectory`, or `nil` when it can: a NUL byte
    /// (``nulViolation(argv:environment:workingDirectory:)``), else a string over ``longestString``
    /// (``lengthViolation(argv:environment:)``). Arguments count from 1, the program being argument 1.
    static func violation(argv: [String], environment: [String: String], workingDirectory: String? = nil) -> String? {
        nulViolation(argv: argv, environment: environment, workingDirectory: workingDirectory)
            ?? lengthViolation(argv: argv, environment: environment)
    }

    /// Why a program cannot be given `argv`, `environment` and `workingDirectory` for a NUL byte in one of them, or
    /// `nil` when none holds one.
    static func nulViolation(
        argv: [String], environment: [String: String], workingDirectory: String? = nil
    ) -> String? {
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

    /// Why a program cannot be given `argv` and `environment` for one of them over ``longestString``, or `nil` when
    /// none is: a source asks it after parallelr's own `max_argument_length`, whose words an argument over both gets.
    static func lengthViolation(argv: [String], environment: [String: String]) -> String? {
        if let index = argv.firstIndex(where: { $0.utf8.count > longestString }) {
            return "argument \(index + 1) is \(argv[index].utf8.count) bytes long, \(overTheLongest)"
        }
        // As the program gets it: `NAME=value`.
        if let variable = environment.first(where: { $0.key.utf8.count + 1 + $0.value.utf8.count > longestString }) {
            let length = variable.key.utf8.count + 1 + variable.value.utf8.count
            return "environment variable \(variable.key) is \(length) bytes long as \(variable.key)=value, "
                + overTheLongest
        }
        return nil
    }

    /// The most bytes, its NUL not counted, of one argument or `NAME=value` that Linux passes a program
    /// (`MAX_ARG_STRLEN`, 32 pages, less one): 131071 with pages of 4 KiB.
    ///
    /// The corresponding C function is `sysconf(_SC_PAGESIZE)`.
    static let longestString = 32 * max(sysconf(Int32(_SC_PAGESIZE)), 4096) - 1

    /// The end of a message of a string over ``longestString``.
    private static var overTheLongest: String {
        "over the \(longestString) bytes Linux passes to a program in one string (MAX_ARG_STRLEN)"
    }

    /// Whether `text` holds a NUL byte, scanned as one buffer: every task's words are checked twice (by its source
    /// and before its start).
    private static func holdsNUL(_ text: String) -> Bool {
        text.containsUTF8Byte { $0 == 0 }
    }
}
