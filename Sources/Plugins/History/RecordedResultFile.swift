import Foundation

/// A result file that a resumption adds to (the CSV summary or JSON Lines file the user named, or the file of a
/// plugin sink that adds to it in a `--resume` run), as a run's journal records it: which file it is and how many
/// bytes of it the run had written when the journal last said (``ResultFileSizes``).
///
/// The journal writes each turn's lines after the result files have theirs, so a prx killed between the two leaves
/// rows in a result file for tasks whose end the journal does not have: the resumption runs those tasks again and
/// adds their rows again. It first cuts each such file back to the size recorded (``cutBack(fileAt:)``), so that
/// the file holds the rows of the tasks the journal has and the resumption's, each once.
public struct RecordedResultFile: Sendable, Hashable {
    /// The file's path, from `/`, as the run named it.
    public var path: String
    /// The device holding the file.
    public var device: UInt64
    /// The file's inode on that device.
    public var inode: UInt64
    /// How many bytes the file held, of the run's and of what it held before it, when the journal last recorded it.
    public var size: Int

    /// A record of the file at `path` with the identity `identity` holding `size` bytes.
    public init(path: String, identity: FileIdentity, size: Int) {
        self.path = path
        device = identity.device
        inode = identity.inode
        self.size = size
    }

    /// The record a journal's `result_files` member holds (`path`, `device`, `inode`, `size`), as JSON reads it;
    /// `nil` when a member is missing or out of range.
    init?(journalObject object: [String: Any]) {
        guard let path = object["path"] as? String,
            let device = (object["device"] as? NSNumber).flatMap(UInt64.init(exactly:)),
            let inode = (object["inode"] as? NSNumber).flatMap(UInt64.init(exactly:)),
            let size = (object["size"] as? NSNumber).flatMap(Int.init(exactly:)), size >= 0
        else { return nil }
        self.path = path
        self.device = device
        self.inode = inode
        self.size = size
    }

    /// Cuts the file at `path` back to ``size`` when it is still this file (the same device and inode: not a file put
    /// at its name since, as a log's rotation or an editor's save does), a regular file, longer than that, and that
    /// size ends a line (or is 0), so that what is cut is whole lines written after the journal's last record: the
    /// rows of tasks whose end the journal does not have. Returns what it cut off, for a resumption refused after it
    /// to put back (``ResultFileCut/putBack()``); `nil` when it cut nothing. Nothing for a FIFO, a device or a file
    /// that cannot be opened for reading and writing, nor read past ``size``; a journal of an older prx records no
    /// file.
    ///
    /// - Throws: ``SinkFileError`` (as the sink's own opening of the file would) when another prx run holds the file
    ///   locked as it writes it (a fresh run given the same file, which emptied it as it began): the cut took that
    ///   run's rows off.
    ///
    /// The corresponding C functions are `stat`, `open`, `fstat`, `flock`, `pread` and `ftruncate`.
    public func cutBack(fileAt path: String) throws(SinkFileError) -> ResultFileCut? {
        // Looked at before it is opened: opening a FIFO or a device may do something of its own.
        guard isThisFile(try? FileStatus(ofFileAt: path)) else { return nil }
        let descriptor = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        // What was checked is what is open, whatever took the name in between.
        guard let status = try? FileStatus(ofOpenDescriptor: descriptor), isThisFile(status) else { return nil }
        // Held until the descriptor is closed, so that no run takes the file up while it is cut.
        guard ResultFileLock.take(on: descriptor) else {
            throw SinkFileError.writtenByAnotherRun(path)
        }
        if size > 0 {
            var last: UInt8 = 0
            guard pread(descriptor, &last, 1, off_t(size - 1)) == 1, last == UInt8(ascii: "\n") else { return nil }
        }
        var lines = [UInt8](repeating: 0, count: status.size - size)
        let read = lines.withUnsafeMutableBytes { bytes in
            ResultFileCut.transfer(bytes.count) { done in
                pread(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(size + done))
            }
        }
        guard read, ftruncate(descriptor, off_t(size)) == 0 else { return nil }
        return ResultFileCut(path: path, identity: status.identity, size: size, lines: lines)
    }

    /// Whether `status` is this file's, a regular file longer than ``size``.
    private func isThisFile(_ status: FileStatus?) -> Bool {
        guard let status, status.type == S_IFREG, status.size > size else { return false }
        return status.identity.device == device && status.identity.inode == inode
    }
}
