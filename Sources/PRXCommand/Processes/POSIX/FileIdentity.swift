import Glibc

/// A file as the kernel knows it, whatever path reaches it (a symbolic link, `..`, a hard link, `/dev/stdin`): its
/// device and inode, with its type.
struct FileIdentity: Hashable {
    /// The device holding the file.
    var device: UInt64
    /// The file's inode on that device.
    var inode: UInt64
    /// The file's type bits (`S_IFREG`, `S_IFIFO`, …).
    var type: UInt32

    /// The file at `path`, symbolic links followed; `nil` when nothing is there or it cannot be looked at.
    ///
    /// The corresponding C function is `stat`.
    init?(ofFileAt path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self.init(status)
    }

    /// The file open as `descriptor`; `nil` when it is not open.
    ///
    /// The corresponding C function is `fstat`.
    init?(of descriptor: FileDescriptor) {
        var status = stat()
        guard fstat(descriptor.rawValue, &status) == 0 else { return nil }
        self.init(status)
    }

    private init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        type = status.st_mode & S_IFMT
    }

    /// Whether writers of the file write at offsets of their own, each open of it with its own (a regular file, a
    /// block device), rather than one after the other into a stream with none (a FIFO, a pipe, a socket, a
    /// terminal, `/dev/null`).
    var hasOffsets: Bool { type == S_IFREG || type == S_IFBLK }

    /// Whether `first` and `second` name one file, however each reaches it; `false` when either names nothing.
    static func sameFile(_ first: String, _ second: String) -> Bool {
        guard let identity = FileIdentity(ofFileAt: first) else { return false }
        return identity == FileIdentity(ofFileAt: second)
    }
}
