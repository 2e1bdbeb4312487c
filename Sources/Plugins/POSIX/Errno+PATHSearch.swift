#if os(Linux)
import Glibc

extension Errno {
    /// Whether a search of `PATH` for a program goes on to the next directory after `execve` failed with this error
    /// (`ENOENT`, `ENOTDIR`, `ESTALE`, `ENODEV`, `ETIMEDOUT`), as the local executor's search (`spawn.c`) and glibc's
    /// `execvp` do; `EACCES` goes on too, remembered, and any other error ends the search.
    package var isPassedOverBySearchOfPATH: Bool {
        [ENOENT, ENOTDIR, ESTALE, ENODEV, ETIMEDOUT].contains(rawValue)
    }
}
#endif
