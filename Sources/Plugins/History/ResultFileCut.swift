#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lines a resumption cut off the end of a result file (``RecordedResultFile/cutBack(fileAt:)``), kept until its
/// run begins: a resumption refused once it has cut (a sink's factory threw, a sink's file could not be opened, the
/// journal could not be written) puts them back (``putBack()``), so that a refused resumption leaves every file as it
/// was. Only a `kill -9` in that moment loses them, and they are the rows of tasks whose end the journal does not
/// have, which any later resumption cuts off again and runs.
public struct ResultFileCut: Sendable {
    /// The file's path, from `/`.
    public let path: String
    /// Which file was cut.
    let identity: FileIdentity
    /// The size the file was cut back to.
    let size: Int
    /// The bytes cut off, whole lines.
    let lines: [UInt8]

    /// Writes the lines cut off back after the first ``size`` bytes of the file at ``path``, when it is still the file
    /// cut (same device and inode) and holds at least those bytes: what the refused run wrote past them since (a
    /// plugin sink's header) goes, as the run leaves nothing. Nothing when another prx run holds the file locked
    /// (`flock`): a run that took the file up since writes it, and empties it before its first row. Returns whether
    /// it put them back.
    ///
    /// The corresponding C functions are `open`, `fstat`, `flock`, `ftruncate` and `pwrite`.
    @discardableResult
    public func putBack() -> Bool {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard let status = try? FileStatus(ofOpenDescriptor: descriptor), status.type == S_IFREG,
            status.identity.device == identity.device, status.identity.inode == identity.inode, status.size >= size,
            ResultFileLock.take(on: descriptor), ftruncate(descriptor, off_t(size)) == 0
        else { return false }
        return lines.withUnsafeBytes { bytes in
            Self.transfer(bytes.count) { done in
                pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(size + done))
            }
        }
    }

    /// Whether all of `count` bytes went through `call`, which moves what it can of them from byte `done` on (a
    /// `pread` or `pwrite` of a file's lines) and returns how many, or -1 for an error: called again after a short
    /// count or a signal (`EINTR`), until every byte is moved or a call moves none.
    static func transfer(_ count: Int, with call: (_ done: Int) -> Int) -> Bool {
        var done = 0
        while done < count {
            let moved = call(done)
            if moved < 0 && errno == EINTR { continue }
            guard moved > 0 else { return false }
            done += moved
        }
        return true
    }
}
