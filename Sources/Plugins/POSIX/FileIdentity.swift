#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which file a path or a descriptor reaches, as the kernel knows it, however it is reached (a symbolic link, `..`, a
/// hard link, `/dev/stdin`): its device and inode, with its type. A key that stays the file's while the file
/// changes, to tell files apart (the run's result files, the files a recipe read), where ``FileStatus`` is all the
/// kernel says of a file when asked (its size among it), which changes as the file does. It is looked up through
/// ``FileStatus``, the one wrapper of `stat`, `lstat` and `fstat`: ``FileStatus/identity``, or these initializers,
/// which give `nil` for the error ``FileStatus`` throws.
public struct FileIdentity: Hashable, Sendable {
    /// The device holding the file.
    public var device: UInt64
    /// The file's inode on that device.
    public var inode: UInt64
    /// The file's type bits (`S_IFREG`, `S_IFIFO`, …).
    public var type: UInt32

    /// The file at `path`, symbolic links followed; `nil` when nothing is there or it cannot be looked at.
    ///
    /// The corresponding C function is `stat` (``FileStatus/init(ofFileAt:)``).
    public init?(ofFileAt path: String) {
        guard let status = try? FileStatus(ofFileAt: path) else { return nil }
        self = status.identity
    }

    /// The file at `path` itself, a symbolic link not followed (the link is the file); `nil` when nothing is there
    /// or it cannot be looked at.
    ///
    /// The corresponding C function is `lstat` (``FileStatus/init(ofNameAt:)``).
    public init?(ofNameAt path: String) {
        guard let status = try? FileStatus(ofNameAt: path) else { return nil }
        self = status.identity
    }

    /// The file open as the descriptor `rawDescriptor`; `nil` when it is not open.
    ///
    /// The corresponding C function is `fstat` (``FileStatus/init(ofOpenDescriptor:)``).
    public init?(ofOpenDescriptor rawDescriptor: Int32) {
        guard let status = try? FileStatus(ofOpenDescriptor: rawDescriptor) else { return nil }
        self = status.identity
    }

    /// The file `status` describes, as `stat` or `fstat` filled it in.
    public init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        type = UInt32(status.st_mode) & UInt32(S_IFMT)
    }

    /// Whether writers of the file write at offsets of their own, each open of it with its own (a regular file, a
    /// block device), rather than one after the other into a stream with none (a FIFO, a pipe, a socket, a
    /// terminal, `/dev/null`).
    public var hasOffsets: Bool { type == UInt32(S_IFREG) || type == UInt32(S_IFBLK) }

    /// Whether the file is read as a stream, which keeps no byte to be read again (a FIFO, a pipe, a socket, a
    /// character device: a terminal, `/dev/null`), so that two readers of it, however each opened it, share what it
    /// gives, where each open of a regular file or a block device reads it from its start; a directory is neither.
    public var isStream: Bool { type == UInt32(S_IFIFO) || type == UInt32(S_IFSOCK) || type == UInt32(S_IFCHR) }

    /// Whether the file is a regular file.
    public var isRegularFile: Bool { type == UInt32(S_IFREG) }

    /// Whether the file is a symbolic link (as ``init(ofNameAt:)`` sees one).
    public var isSymbolicLink: Bool { type == UInt32(S_IFLNK) }

    /// The file's type in a person's words, with its article: `a directory`, `a FIFO`, `a character device`.
    public var typeName: String {
        switch mode_t(type) {
        case S_IFREG: "a regular file"
        case S_IFDIR: "a directory"
        case S_IFLNK: "a symbolic link"
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        default: "a file of an unknown type"
        }
    }

    /// Whether `first` and `second` name one file, however each reaches it; `false` when either names nothing.
    public static func sameFile(_ first: String, _ second: String) -> Bool {
        guard let identity = FileIdentity(ofFileAt: first) else { return false }
        return identity == FileIdentity(ofFileAt: second)
    }
}
