#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The directory a Lua file's relative paths are taken from (`prx.lines`, `prx.write`, `cwd`…), and a recipe's tasks
/// run in: the file's own, or prx's working directory for a file read as a stream or through a file descriptor —
/// standard input (`-`, `/dev/stdin`), a process substitution (`<(…)`, `/dev/fd/63`), a FIFO — whose directory
/// (`/dev`, `/proc/PID/fd`) holds nothing of the user's.
enum LuaFileBaseDirectory {
    /// The base directory of the Lua file at `path` (`-` for standard input, which messages name `name`), from `/`;
    /// prx's working directory for one that is not a regular file, or whose directory, links resolved, is `/dev` or
    /// in `/proc` (a file descriptor's link, which reaches a regular file when standard input is redirected from one).
    ///
    /// - Throws: ``RecipeError`` naming the file when the base is taken from a working directory prx cannot name: one
    ///   deleted since prx started in it, whose path the system no longer gives (taken as `/`, the file's relative
    ///   paths named files there: `prx.write("out.txt")` wrote `/out.txt`), or one whose path is not UTF-8, which a
    ///   Swift string holds with U+FFFD in place of its bytes (a directory that is not there: every task of a recipe
    ///   was `ERROR`, `cannot change to working directory`).
    static func of(_ path: String, named name: String) throws(RecipeError) -> String {
        guard path != "-" else { return try workingDirectory(of: name) }
        let absolute = PathSlashes.isAbsolute(path)
            ? SourceFileSystem.absolutePath(path, base: "/")
            : SourceFileSystem.absolutePath(path, base: try workingDirectory(of: name))
        let directory = String(PathSlashes.splitAtLast(absolute[...])?.directory ?? "")
        let own = directory.isEmpty ? "/" : directory
        // A file that is not there is named by the error that loading it gives, whatever its directory.
        guard let file = FileIdentity(ofFileAt: absolute) else { return own }
        guard file.isRegularFile, let resolved = try? ResolvedPath.text(of: own),
            resolved != "/dev", !resolved.utf8.starts(with: "/proc/".utf8)
        else { return try workingDirectory(of: name) }
        return own
    }

    /// prx's working directory, for the Lua file messages name `name`, whose base it is.
    ///
    /// - Throws: ``RecipeError`` when it was deleted, or its path is not UTF-8 (``of(_:named:)``).
    private static func workingDirectory(of name: String) throws(RecipeError) -> String {
        let takenFrom = "and the file's relative paths (a recipe's tasks too) are taken from it"
        do {
            return try WorkingDirectory.path()
        } catch {
            let instead = ": run prx in another directory"
            let message = switch error {
            case .deleted: "\(name): the directory prx runs in was deleted, \(takenFrom)\(instead)"
            case .unknown(let reason):
                "\(name): the directory prx runs in cannot be told (\(reason)), \(takenFrom)\(instead)"
            case .notUTF8(let shown):
                "\(name): the directory prx runs in is not UTF-8 (it reads '\(shown)'), \(takenFrom); prx takes its "
                    + "paths as UTF-8"
            }
            throw RecipeError(message)
        }
    }
}
