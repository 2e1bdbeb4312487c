#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The opening of a file at a journal's name in the history, for reading, which takes only a regular file: a FIFO
/// there had every reader wait at its `open` for a writer that never came (a new run too, which reads the history as
/// it prunes it), and a symbolic link to a device (`/dev/zero`, `/dev/urandom`) gave bytes without end.
package enum JournalFile {
    /// Why the file at a journal's name is not read.
    package enum Refusal: Error, CustomStringConvertible {
        /// It cannot be opened: nothing is there, or it may not be read.
        case cannotOpen(Errno)
        /// It is not a regular file; its kind in a person's words (``FileIdentity/typeName``): `a FIFO`.
        case notARegularFile(String)
        /// It is owned by another user than the one asked for, this one (``UserName/described(_:)``).
        case ownedByAnotherUser(uid_t)

        /// Why, as a message ends: `it is a FIFO`.
        package var description: String {
            switch self {
            case .cannotOpen(let error): error.description
            case .notARegularFile(let kind): "it is \(kind)"
            case .ownedByAnotherUser(let owner): "it is owned by \(UserName.described(owner))"
            }
        }
    }

    /// Opens the file at `path` (a symbolic link followed) for reading, closed on `exec`, when it is a regular file,
    /// and, with `owner`, one that user owns. It is opened without waiting and then looked at through its descriptor,
    /// so that what is looked at is what was opened, whatever took the name in between; the descriptor reads a regular
    /// file as any other does.
    ///
    /// The corresponding C functions are `open` (``FileDescriptor/openForReading(_:)``, with `O_NONBLOCK`) and `fstat`.
    package static func open(_ path: String, ownedBy owner: uid_t? = nil) throws(Refusal) -> FileDescriptor {
        let file: FileDescriptor
        do {
            file = try FileDescriptor.openForReading(path)
        } catch {
            throw .cannotOpen(error)
        }
        let status = try? FileStatus(ofOpenDescriptor: file.rawValue)
        guard let status, status.type == S_IFREG else {
            file.close()
            throw .notARegularFile(status?.identity.typeName ?? "a file of an unknown type")
        }
        if let owner, status.owner != owner {
            file.close()
            throw .ownedByAnotherUser(status.owner)
        }
        return file
    }
}
