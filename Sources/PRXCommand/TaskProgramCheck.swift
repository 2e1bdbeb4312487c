import Foundation
import PRXKernel
import PRXPlugins

/// Whether a dry run's tasks can start their programs, as the `local` executor starts them (`execvp`'s search): a
/// directory the task names must be one the run can change to (`cannot change to working directory DIR: REASON`, as
/// the run says); then a program named with a slash must be an executable file, a relative one taken from the
/// directory the task would start in; one named without a slash must be an executable file in a directory of the
/// `PATH` the task gets (its own `PATH`, else prx's, else `/bin:/usr/bin`), an empty or relative entry taken from the
/// task's directory. A program found that is a `#!` script is read as far as its first line: the interpreter it names
/// (and that one's, when it is a script too) must be an executable file, or the program is not found there
/// (``BadInterpreter``), as the run's `execve` finds; beyond that a program found is no promise that it runs (an
/// executable file that is neither a program nor a script). One that cannot be started is the run's error, in the same
/// words: `command not found: NAME`, `permission denied: NAME`, `bad interpreter INTERPRETER: REASON (named by the #!
/// line of NAME)`, or `cannot start NAME: REASON` for any other error (`Too many levels of symbolic links`), which ends
/// the search of `PATH` where the run's ends.
///
/// A task that runs after others is not judged: they may make its program, its directory or the `PATH` entry it is
/// found in (a `build` task before `./build/app`).
///
/// Only the program, the first word, is looked up: a command run through a shell (a recipe's `sh = …`, or `-C
/// "sh -c '…'"`) checks the shell, not the words of the script, which the shell looks up itself, where a function, a
/// builtin or an alias may stand for them.
///
/// The answers are kept by program, search path and directory, so that a million tasks of one program look it up
/// once; up to ``capacity`` of them, and up to ``keyByteCapacity`` bytes of what they were asked with (a task's own
/// `PATH` may be long), then forgotten all at once, so that a source whose every task names a program or a `PATH` of
/// its own is looked up task by task in bounded memory. A reference, so that a recipe's lazy dry-run lines share it.
final class TaskProgramCheck {
    /// What one look-up depends on.
    private struct Question: Hashable {
        var program: String
        /// Empty for a program named with a slash, which is not searched for: its answer is one whatever the `PATH`.
        var searchPath: String
        var directory: String?
        /// Whether the task names `directory` itself, which the run changes to without making it; the default one
        /// (the workspace) is made by the run.
        var isNamedDirectory: Bool

        /// How many bytes its text holds.
        var byteCount: Int { program.utf8.count + searchPath.utf8.count + (directory?.utf8.count ?? 0) }
    }

    /// How many answers are kept at most.
    static let capacity = 1024
    /// How many bytes the questions of the answers kept may hold at most, 4 MiB.
    static let keyByteCapacity = 4 << 20

    /// The `PATH` a task whose environment sets none is searched with: prx's, `/bin:/usr/bin` without one, as the
    /// `local` executor gives its tasks.
    let searchPath: String
    /// The directory a task that names none starts in; `nil` when it cannot be told before the run (a workspace of its
    /// worker's own), when a relative path is not judged.
    let directory: String?
    /// Why each program asked about cannot be started, `nil` for one that can or cannot be judged.
    private var answers: [Question: String?] = [:]
    /// How many bytes the questions of ``answers`` hold.
    private(set) var keyBytes = 0

    /// A check of the tasks that start in `directory` unless they name one, with prx's `environment`: the tests give
    /// an empty one, so that only the `PATH`s their tasks set are searched.
    init(directory: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        searchPath = environment["PATH"] ?? "/bin:/usr/bin"
        self.directory = directory
    }

    /// The check of a dry run whose tasks the executor chosen as `executor` would start in `directory` unless they name
    /// one; `nil` unless that is prx's own `local`, the one known to start them as the check looks them up: a custom
    /// build's `local` may run them elsewhere (in a container).
    static func forExecutor(_ executor: String, registry: PluginRegistry, directory: String?) -> TaskProgramCheck? {
        guard registry.isBuiltIn(.executor, named: executor) && executor == BuiltinPlugins.local.name else { return nil }
        return TaskProgramCheck(directory: directory)
    }

    /// Why `task` cannot start its program, in the words the run's error would give; `nil` when it can, when it has
    /// no program yet (one a function gives as it starts), when it runs after other tasks (which may make its
    /// program), or when it cannot be told.
    func problem(with task: TaskSpec) -> String? {
        guard task.dependencies.isEmpty else { return nil }
        return problem(argv: task.argv, environment: task.environment, workingDirectory: task.workingDirectory)
    }

    /// Why a task running `argv`, with `environment` added to prx's, in `workingDirectory` (``directory`` when
    /// `nil`), cannot start its program; `nil` when it can, when `argv` is empty, or when it cannot be told. The
    /// caller leaves out a task that runs after others.
    func problem(argv: [String], environment: [String: String], workingDirectory: String?) -> String? {
        guard let program = argv.first else { return nil }
        let question = Question(
            program: program,
            searchPath: program.unicodeScalars.contains("/") ? "" : environment["PATH"] ?? searchPath,
            directory: workingDirectory ?? directory,
            isNamedDirectory: workingDirectory != nil && workingDirectory != directory)
        if let answer = answers[question] { return answer }
        if answers.count >= Self.capacity || keyBytes + question.byteCount > Self.keyByteCapacity {
            answers.removeAll(keepingCapacity: true)
            keyBytes = 0
        }
        let answer = Self.problem(with: question)
        answers[question] = answer
        keyBytes += question.byteCount
        return answer
    }

    /// The answer to `question`, looked up in the file system.
    private static func problem(with question: Question) -> String? {
        let (program, directory) = (question.program, question.directory)
        func said(_ error: Errno) -> String {
            StartFailureMessage.program(program, error, workingDirectory: directory, searchPath: question.searchPath)
        }
        // The run changes to the directory before it looks the program up.
        if question.isNamedDirectory, let directory, let error = FileAccess.changeError(at: directory) {
            return StartFailureMessage.workingDirectory(directory, error)
        }
        // The kernel's EACCES for an empty path named nothing.
        if program.isEmpty { return said(.permissionDenied) }
        if program.unicodeScalars.contains("/") {
            if PathSlashes.isAbsolute(program) {
                return executionError(program, directory: directory).map(said)
            }
            guard let directory else { return nil }
            return executionError(directory + "/" + program, directory: directory).map(said)
        }
        // The run's search refuses a name no directory can hold.
        if program.utf8.count > NAME_MAX { return said(.nameTooLong) }
        var denied = false
        var undecided = false
        for path in PATHSearch.paths(of: program, in: question.searchPath, directory: directory) {
            guard let path else {
                undecided = true
                continue
            }
            guard let error = executionError(path, directory: directory) else { return nil }
            if error == .permissionDenied {
                denied = true
            } else if !error.isPassedOverBySearchOfPATH {
                // Where the run stops searching, unless an entry before it could not be judged.
                return undecided ? nil : said(error)
            }
        }
        if undecided { return nil }
        return said(denied ? .permissionDenied : .noSuchFile)
    }

    /// The error `execve` of `path` would meet: the error of finding an executable file there
    /// (``FileAccess/executionError(at:)``), else the error of running the interpreter its `#!` line names, a relative
    /// one taken from `directory` (``BadInterpreter/error(runningProgramAt:directory:)``); `nil` for a program that
    /// starts as far as can be told.
    private static func executionError(_ path: String, directory: String?) -> Errno? {
        FileAccess.executionError(at: path) ?? BadInterpreter.error(runningProgramAt: path, directory: directory)
    }
}
