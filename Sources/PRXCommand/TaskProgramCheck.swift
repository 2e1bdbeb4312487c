import Foundation
import PRXKernel
import PRXPlugins

/// Whether a dry run's tasks can start their programs, as the `local` executor starts them (`execvp`'s search): a
/// program named with a slash must be an executable file, a relative one taken from the directory the task would
/// start in; one named without a slash must be an executable file in a directory of the `PATH` the task gets (its own
/// `PATH`, else prx's, else `/bin:/usr/bin`), an empty or relative entry taken from the task's directory. A program
/// found is no promise that it runs (its interpreter may be missing); one not found is the run's
/// `command not found: NAME`, said in the same words.
///
/// Only the program, the first word, is looked up: a command run through a shell (a recipe's `sh = …`, or `-C
/// "sh -c '…'"`) checks the shell, not the words of the script, which the shell looks up itself, where a function, a
/// builtin or an alias may stand for them.
///
/// The answers are kept by program, search path and directory, so that a million tasks of one program look it up
/// once; up to ``capacity`` of them, then forgotten all at once, so that a source whose every task names a program of
/// its own is looked up task by task in bounded memory. A reference, so that a recipe's lazy dry-run lines share it.
final class TaskProgramCheck {
    /// What one look-up depends on.
    private struct Question: Hashable {
        var program: String
        var searchPath: String
        var directory: String?
    }

    /// How many answers are kept at most.
    static let capacity = 1024

    /// The `PATH` a task whose environment sets none is searched with: prx's, `/bin:/usr/bin` without one, as the
    /// `local` executor gives its tasks.
    let searchPath: String
    /// The directory a task that names none starts in; `nil` when it cannot be told before the run (a workspace of its
    /// worker's own), when a relative path is not judged.
    let directory: String?
    /// Why each program asked about cannot be started, `nil` for one that can or cannot be judged.
    private var answers: [Question: String?] = [:]

    /// A check of the tasks that start in `directory` unless they name one, with prx's `environment`.
    init(directory: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        searchPath = environment["PATH"] ?? "/bin:/usr/bin"
        self.directory = directory
    }

    /// Why `task` cannot start its program, in the words the run's error would give; `nil` when it can, when it has
    /// no program yet (one a function gives as it starts), or when it cannot be told.
    func problem(with task: TaskSpec) -> String? {
        problem(argv: task.argv, environment: task.environment, workingDirectory: task.workingDirectory)
    }

    /// Why a task running `argv`, with `environment` added to prx's, in `workingDirectory` (``directory`` when
    /// `nil`), cannot start its program; `nil` when it can, when `argv` is empty, or when it cannot be told.
    func problem(argv: [String], environment: [String: String], workingDirectory: String?) -> String? {
        guard let program = argv.first else { return nil }
        let question = Question(
            program: program, searchPath: environment["PATH"] ?? searchPath, directory: workingDirectory ?? directory)
        if let answer = answers[question] { return answer }
        if answers.count >= Self.capacity { answers.removeAll(keepingCapacity: true) }
        let answer = Self.problem(with: question)
        answers[question] = answer
        return answer
    }

    /// The answer to `question`, looked up in the file system.
    private static func problem(with question: Question) -> String? {
        let (program, directory) = (question.program, question.directory)
        // The kernel's EACCES for an empty path named nothing.
        if program.isEmpty { return "the program's name is empty: no program to start" }
        if program.unicodeScalars.contains("/") {
            if PathSlashes.isAbsolute(program) { return lookUp(program).message(program: program, place: "") }
            guard let directory else { return nil }
            let place = " (relative to the task's working directory, \(directory))"
            return lookUp(directory + "/" + program).message(program: program, place: place)
        }
        var denied = false
        var undecided = false
        // An empty entry is the current directory, as for execvp; a relative one is taken from it too. Split at each
        // `:` code point, as the spawner splits at each `:` byte: a `:` followed by a combining mark is one Character.
        let entries = question.searchPath.unicodeScalars.split(separator: ":", omittingEmptySubsequences: false)
        for entry in entries.map(Substring.init) {
            let base: String
            if PathSlashes.isAbsolute(entry) {
                base = String(entry)
            } else if let directory {
                base = entry.isEmpty ? directory : directory + "/" + entry
            } else {
                undecided = true
                continue
            }
            switch lookUp(base + "/" + program) {
            case .executable: return nil
            case .denied: denied = true
            case .missing: break
            }
        }
        if denied { return "permission denied: \(program)" }
        return undecided ? nil : "command not found: \(program)"
    }

    /// What `execve` of the file at `path` would meet, as far as finding it goes.
    private enum Access {
        /// A file that is not a directory and that prx may execute.
        case executable
        /// A directory, or a file prx may not execute: `EACCES`.
        case denied
        /// Nothing there: `ENOENT`, `ENOTDIR` and the like, which a search of `PATH` passes over.
        case missing

        /// The run's words for a program that is not ``executable``, `place` after its name; `nil` for one that is.
        func message(program: String, place: String) -> String? {
            switch self {
            case .executable: nil
            case .denied: "permission denied: \(program)\(place)"
            case .missing: "command not found: \(program)\(place)"
            }
        }
    }

    /// What `execve` of `path` would meet.
    ///
    /// The corresponding C functions are `stat` and `access` (`X_OK`).
    private static func lookUp(_ path: String) -> Access {
        var status = stat()
        guard stat(path, &status) == 0 else { return errno == EACCES ? .denied : .missing }
        if status.st_mode & S_IFMT == S_IFDIR { return .denied }
        return access(path, X_OK) == 0 ? .executable : .denied
    }
}
