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
    /// The base directory of the Lua file at `path` (`-` for standard input), from `/`; prx's working directory
    /// for one that is not a regular file, or whose directory, links resolved, is `/dev` or in `/proc` (a file
    /// descriptor's link, which reaches a regular file when standard input is redirected from one).
    static func of(_ path: String) -> String {
        let workingDirectory = SourceFileSystem.currentDirectory
        guard path != "-" else { return workingDirectory }
        let absolute = SourceFileSystem.absolutePath(path, base: workingDirectory)
        let directory = String(PathSlashes.splitAtLast(absolute[...])?.directory ?? "")
        let own = directory.isEmpty ? "/" : directory
        // A file that is not there is named by the error that loading it gives, whatever its directory.
        guard let file = FileIdentity(ofFileAt: absolute) else { return own }
        guard file.isRegularFile, let resolved = try? ResolvedPath.text(of: own),
            resolved != "/dev", !resolved.utf8.starts(with: "/proc/".utf8)
        else { return workingDirectory }
        return own
    }
}
