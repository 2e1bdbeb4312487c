#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creates a directory and its missing parents (mode 0755), as `mkdir -p` does: the log directory, prx's home.
public enum DirectoryCreation {
    /// Why a directory could not be created: how far the path got (`./logs` for a relative `logs/run`), and the
    /// system's error number, `ENOTDIR` when something other than a directory stands there.
    public struct Failure: Error, Hashable {
        /// The part of the path that could not be made a directory.
        public var prefix: String
        /// The system's error number.
        public var errorNumber: Int32
        /// What ``prefix`` leads to when it is a symbolic link to nothing (`ENOENT`), as the link holds it: the
        /// system's "No such file or directory" named the link, which is there, and not what is missing.
        public var missingLinkTarget: String?
        /// The path that is missing behind ``prefix``, a symbolic link to nothing, when it is not
        /// ``missingLinkTarget`` as written: a relative target taken from the link's directory, a link to another
        /// link followed to the end of the chain (``SymbolicLink/end(ofChainAtBytes:)``), so that the user can find
        /// it from where prx ran.
        public var missingLinkEnd: String?

        /// Why the directory could not be made, to follow the path in a message: what is missing behind a link to
        /// nothing, and what to do (`/home/me/prx/run is a symbolic link to /mnt/gone/run, which does not exist:
        /// create that directory, or remove the link`; `… to gone/run, which leads to /home/me/prx/gone/run, which
        /// does not exist: …` for a target that is not the path missing as written), `PREFIX is not a directory`, or
        /// the system's reason.
        public var reason: String {
            if let missingLinkTarget {
                let end = missingLinkEnd.map { ", which leads to \($0)" } ?? ""
                return "\(prefix) is a symbolic link to \(missingLinkTarget)\(end), which does not exist: create that "
                    + "directory, or remove the link"
            }
            return errorNumber == ENOTDIR ? "\(prefix) is not a directory" : String(cString: strerror(errorNumber))
        }
    }

    /// Creates `path` and each missing parent.
    ///
    /// When a part cannot be made, the parents this call made are removed again, as they were not there before: under
    /// `umask 777` the first one is made with no permissions, and the next cannot be made in it, and a refused run
    /// left behind a directory (prx's home) that no one could use. That removal can take a parent from under another
    /// creation that found it there (two prx runs starting in one new `PRX_HOME`), which then walks the path again
    /// (``walkingAgainWhereAPartVanished(_:)``).
    ///
    /// The corresponding C functions are `mkdir`, `stat` and `rmdir`.
    public static func create(_ path: String) throws(Failure) {
        var made: [String] = []
        do throws(Failure) {
            try walkingAgainWhereAPartVanished { () throws(Failure) in try create(path, noting: &made) }
        } catch {
            for directory in made.reversed() { rmdir(directory) }
            throw error
        }
    }

    /// Calls `walk`, a walk down a path making what is missing, again when it fails as a part it found there went
    /// missing (`ENOENT`, where no symbolic link to nothing is, ``Failure/missingLinkTarget``): another creation, which
    /// made that part and then failed, removed it as this walk went on in it, and the walk again makes it.
    /// ``vanishedParentRetries`` times at most, and then its failure is thrown; any other failure at once.
    static func walkingAgainWhereAPartVanished(_ walk: () throws(Failure) -> Void) throws(Failure) {
        var retries = 0
        while true {
            do throws(Failure) {
                return try walk()
            } catch where error.errorNumber == ENOENT && error.missingLinkTarget == nil
                && retries < vanishedParentRetries
            {
                retries += 1
            }
        }
    }

    /// How many times ``walkingAgainWhereAPartVanished(_:)`` walks again: each time another creation removed a part
    /// as this one went on in it, which takes that other creation's failure each time.
    static let vanishedParentRetries = 8

    /// Creates `path` and each missing parent, adding each directory made to `made`, in order.
    private static func create(_ path: String, noting made: inout [String]) throws(Failure) {
        var prefix = PathSlashes.isAbsolute(path) ? "" : "."
        for component in PathSlashes.components(of: path) where component != "." {
            prefix += "/" + component
            if mkdir(prefix, 0o755) == 0 {
                made.append(prefix)
                continue
            }
            let code = errno
            guard code == EEXIST else { throw Failure(prefix: prefix, errorNumber: code) }
            // Something is there: a directory (perhaps through a link) to go on in, something else, or a link that
            // cannot be followed (a loop of links, `ELOOP`, or one to nothing), which its own error names.
            var status = stat()
            guard stat(prefix, &status) == 0 else {
                let code = errno
                let target = code == ENOENT ? try? SymbolicLink.target(ofBytes: Array(prefix.utf8)) : nil
                let end = target.map { _ in SymbolicLink.end(ofChainAtBytes: Array(prefix.utf8)) }
                throw Failure(
                    prefix: prefix, errorNumber: code,
                    missingLinkTarget: target.map { String(decoding: $0, as: UTF8.self) },
                    missingLinkEnd: end.flatMap { $0 == target ? nil : String(decoding: $0, as: UTF8.self) })
            }
            if status.st_mode & S_IFMT == S_IFDIR { continue }
            throw Failure(prefix: prefix, errorNumber: ENOTDIR)
        }
    }

    /// What would stop ``create(_:)`` from making `path`, as far as the parts that are there tell, without making
    /// any: a part that is not a directory (`ENOTDIR`) or that cannot be looked at; `nil` when every part is a
    /// directory or the first missing one is reached.
    ///
    /// The corresponding C function is `stat`.
    public static func obstacle(to path: String) -> Failure? {
        var prefix = PathSlashes.isAbsolute(path) ? "" : "."
        for component in PathSlashes.components(of: path) where component != "." {
            prefix += "/" + component
            var status = stat()
            guard stat(prefix, &status) == 0 else {
                return errno == ENOENT ? nil : Failure(prefix: prefix, errorNumber: errno)
            }
            guard status.st_mode & S_IFMT == S_IFDIR else { return Failure(prefix: prefix, errorNumber: ENOTDIR) }
        }
        return nil
    }
}
