#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a directory of prx's own state (the history, the run registry) can be listed: one that cannot was read as
/// empty, and said no run was there.
public enum DirectoryListing {
    /// Why `path` cannot be listed, to follow its name in a message: `/home/me/prx/history is not a directory`,
    /// naming the first part of the path that is there and is not one, or the system's reason (`Permission
    /// denied`); `nil` when it can be listed, or is not there yet (nothing was put in it).
    ///
    /// The corresponding C functions are `opendir` and `stat`.
    public static func problem(with path: String) -> String? {
        guard let stream = opendir(path) else {
            let code = errno
            guard code != ENOENT else { return nil }
            guard code == ENOTDIR else { return String(cString: strerror(code)) }
            return "\(firstNonDirectory(in: path)) is not a directory"
        }
        closedir(stream)
        return nil
    }

    /// The first part of `path` that is there and is not a directory (`/home/me/prx/history`, a regular file, or
    /// `/home/me/prx` when that is one); `path` itself when none is.
    private static func firstNonDirectory(in path: String) -> String {
        var prefix = PathSlashes.isAbsolute(path) ? "" : "."
        for component in PathSlashes.components(of: path) where component != "." {
            prefix += "/" + component
            var status = stat()
            if stat(prefix, &status) == 0 && status.st_mode & S_IFMT != S_IFDIR { return prefix }
        }
        return path
    }
}
