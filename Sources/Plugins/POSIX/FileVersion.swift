#if os(Linux)
import Glibc

/// A file as it is at one moment: which file it is (``FileIdentity``), its size, and when its content last changed
/// (`st_mtim`), to tell whether it was written since: replaced, emptied or written to.
public struct FileVersion: Hashable, Sendable {
    private let identity: FileIdentity
    private let size: Int
    private let modifiedSeconds: Int
    private let modifiedNanoseconds: Int

    /// The file at `path` (symbolic links followed) as it is now; `nil` when nothing is there or it cannot be
    /// looked at.
    ///
    /// The corresponding C function is `stat` (``FileStatus/init(ofFileAt:)``).
    public init?(ofFileAt path: String) {
        guard let status = try? FileStatus(ofFileAt: path) else { return nil }
        identity = status.identity
        size = status.size
        modifiedSeconds = Int(status.rawValue.st_mtim.tv_sec)
        modifiedNanoseconds = Int(status.rawValue.st_mtim.tv_nsec)
    }
}
#endif
