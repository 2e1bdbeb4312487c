#if os(Linux)
import Glibc

/// The interpreter a task's program names on its `#!` line, when that interpreter is why the program cannot be run.
/// `execve` of a script whose interpreter is missing fails with `ENOENT`, as for a missing program, and of one whose
/// interpreter prx may not execute with `EACCES`: the error is the interpreter's, and words built on the error alone
/// name the script, which is there. Shells read the script's `#!` line to tell them apart (bash's `bad interpreter: No
/// such file or directory`); so does prx, once a task's start has failed (``causing(_:program:searchPath:directory:)``;
/// a start reads nothing of its program) and in a dry run (``error(runningProgramAt:directory:)``). An interpreter that
/// is a `#!` script itself is followed in turn, up to ``chainLimit`` of them.
package struct BadInterpreter: Hashable {
    /// The interpreter as the `#!` line names it; a relative one is taken from the task's working directory, as the
    /// kernel takes it.
    package var interpreter: String
    /// Why it cannot be run: the error `execve` of it meets.
    package var error: Errno
    /// The files whose `#!` lines lead to it: the task's program as the start found it (a path of the `PATH` for a
    /// program named without a slash), then each interpreter that is a script itself; the last names ``interpreter``.
    package var scripts: [String]

    /// How many `#!` lines are followed at most: Linux runs a script's interpreter, and that one's, a few levels deep
    /// (4 or 5 by its version, then `ELOOP`); a longer chain is not judged.
    static let chainLimit = 4
    /// How many bytes of a file's start are read for its `#!` line: as many as the kernel reads (`BINPRM_BUF_SIZE`),
    /// which runs no script whose interpreter's name goes on past them.
    static let lineLimit = 256

    /// Where the `#!` lines from one program lead: the interpreter the last one names, and the error `execve` of it
    /// meets, `nil` for an executable file that is no `#!` script.
    private struct Chain {
        var scripts: [String]
        var interpreter: String
        var error: Errno?
    }

    /// The interpreter that made the start of `program` fail with `error`, `nil` when it was not one: the program is
    /// looked for as the start looked for it (named with a slash, at its path, a relative one in `directory`; named
    /// without, in each directory of `searchPath`), and the first executable file found whose `#!` lines end at an
    /// interpreter `execve` meets `error` for is the one; an executable interpreter that is no `#!` script is the one
    /// when `error` is `ENOEXEC` (`Exec format error`). Reads the first line of each such file and interpreter: for a
    /// start that has failed only.
    package static func causing(
        _ error: Errno, program: String, searchPath: String, directory: String?
    ) -> BadInterpreter? {
        for (path, name) in candidates(for: program, searchPath: searchPath, directory: directory)
        where FileAccess.executionError(at: path) == nil {
            guard let chain = chain(fromProgramAt: path, named: name, directory: directory) else { continue }
            if chain.error == error || (chain.error == nil && error == .execFormatError) {
                return BadInterpreter(interpreter: chain.interpreter, error: error, scripts: chain.scripts)
            }
        }
        return nil
    }

    /// The error `execve` of the program at `path`, an executable file, would meet for the interpreter its `#!` lines
    /// lead to, a relative one taken from `directory`; `nil` when it is no `#!` script, when its interpreter can be
    /// found and executed, or when that cannot be told (a relative interpreter without `directory`, a chain longer
    /// than ``chainLimit``). Reads the first line of the program and of each interpreter that is a script.
    package static func error(runningProgramAt path: String, directory: String?) -> Errno? {
        chain(fromProgramAt: path, named: path, directory: directory)?.error
    }

    /// The files the start of `program` tried, each with its path and the name a message gives it: its path for a
    /// program named with a slash (taken from `directory` when relative, and then named as given; none without
    /// `directory`), else its path in each directory of `searchPath` that can be told
    /// (``PATHSearch/paths(of:in:directory:)``).
    private static func candidates(
        for program: String, searchPath: String, directory: String?
    ) -> [(path: String, name: String)] {
        if program.unicodeScalars.contains("/") {
            if PathSlashes.isAbsolute(program) { return [(program, program)] }
            return directory.map { [($0 + "/" + program, program)] } ?? []
        }
        guard !program.isEmpty, program.utf8.count <= NAME_MAX else { return [] }
        return PATHSearch.paths(of: program, in: searchPath, directory: directory).compactMap { path in
            path.map { ($0, $0) }
        }
    }

    /// Follows the `#!` lines from the program at `path`, named `name`; `nil` when it is no `#!` script, or when
    /// where they lead cannot be told.
    private static func chain(fromProgramAt path: String, named name: String, directory: String?) -> Chain? {
        guard var interpreter = interpreter(namedByFileAt: path) else { return nil }
        var scripts = [name]
        while true {
            let interpreterPath: String
            if PathSlashes.isAbsolute(interpreter) {
                interpreterPath = interpreter
            } else if let directory {
                interpreterPath = directory + "/" + interpreter
            } else {
                return nil
            }
            if let error = FileAccess.executionError(at: interpreterPath) {
                return Chain(scripts: scripts, interpreter: interpreter, error: error)
            }
            guard let next = Self.interpreter(namedByFileAt: interpreterPath) else {
                return Chain(scripts: scripts, interpreter: interpreter, error: nil)
            }
            guard scripts.count < chainLimit else { return nil }
            scripts.append(interpreter)
            interpreter = next
        }
    }

    /// The interpreter the `#!` line of the file at `path` names, read as the kernel reads it: within the first
    /// ``lineLimit`` bytes, after `#!` and any spaces or tabs, up to a space, a tab, a line end or a NUL. `nil` when
    /// the file does not start with `#!`, names no interpreter (or one that is not UTF-8, or one cut off by the
    /// limit), or cannot be read (it is opened without waiting, should a FIFO have taken its place).
    private static func interpreter(namedByFileAt path: String) -> String? {
        guard let file = try? FileDescriptor.openForReading(path) else { return nil }
        defer { file.close() }
        var bytes = [UInt8](repeating: 0, count: lineLimit)
        var count = 0
        while count < lineLimit {
            let read = bytes.withUnsafeMutableBytes { buffer in
                try? file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]))
            }
            guard let read else { return nil }
            if read == 0 { break }
            count += read
        }
        let start = bytes[..<count]
        guard start.starts(with: "#!".utf8) else { return nil }
        let line = start.dropFirst(2).prefix { $0 != UInt8(ascii: "\n") }
        let name = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.prefix { byte in
            byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") && byte != 0
        }
        guard !name.isEmpty, name.endIndex < lineLimit else { return nil }
        return String(validating: name, as: UTF8.self)
    }
}
#endif
