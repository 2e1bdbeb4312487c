import Foundation
import PRXPlugins

/// The files a run writes (its result files and journal), reads as it goes (an arguments file) or writes through
/// the descriptors it was given (standard output and error), each claimed by what named it, and checked before any
/// result file is opened: two writers of one regular file each write from an offset of their own, and the second
/// to open it empties what the first wrote, so their lines end up torn into each other, and a result file that is
/// the arguments file empties it before it is read, or, added to, has the run read its own results as arguments. A
/// file the Lua code read as it loaded (`prx.lines`) may not be a result file either: emptied, what it held is lost;
/// added to (the log), it holds the run's results, which the Lua code reads each time it loads, as its own lines.
///
/// A file is one file by its device and inode when it exists, else by where creating it would put it (its directory, by
/// device and inode, links resolved, and its name; a dangling symbolic link by the file it points to, which opening it
/// creates). Names are compared by their bytes, as the file system names them: two that differ only in bytes that are
/// not UTF-8 (a directory `\xFF` beside `\xFE`) are two. A log's rotation claims each name it renames the log to
/// (`run.log.1`, …), which it replaces: by the name, not the file there, since a rename takes the name from the file
/// and leaves the file itself as it was, so another name of it (a hard link, or a symbolic link at the rotated name)
/// keeps what it holds; a claim reaching that name (by any spelling of the path, or a symbolic link to it) clashes with
/// it. A stream — a FIFO, a pipe, a socket, a terminal, `/dev/null` — is never refused: it has no offsets to tear, and
/// prx hands it each line whole, so the lines of two files arrive whole, one file's after another's.
struct ResultFileClaims {
    /// What named a file: a flag (`--json`), a setting (`csv.path`), or one of the run's own files, and where a
    /// recipe gave it.
    struct Origin: CustomStringConvertible {
        /// The flag, setting or file, as the error names it.
        var name: String
        /// The recipe line that gave the file, if one did.
        var position: LuaSourcePosition?

        var description: String { position.map { "\(name) (\($0))" } ?? name }
    }

    /// How the run uses a claimed file.
    enum Use {
        /// Opens it by its path to write to it, emptying it.
        case writes
        /// Opens it by its path to add to its end, keeping what it holds (``SinkFileOpening/appends``).
        case appends
        /// Reads it by its path as the run goes (an arguments file, a task file), or loads it as the run's own code
        /// or configuration (a recipe, a `--hook` file, a configuration file), which results added to it would spoil
        /// for the next run.
        case reads
        /// Opened it by its path to read it as the Lua code loaded, before any result file is opened (`prx.lines`,
        /// `io.open`), which it does each time it loads: a sink adding to it would have the next run read the results
        /// as the lines the Lua code wants (a host list gaining log lines as hosts).
        case readWhileLoading
        /// Writes to it through a descriptor prx was given, which shares its offset with whoever else writes there.
        case inherits
        /// Writes to it through a descriptor prx was given that adds at the end (`O_APPEND`, `>>`): beside a sink that
        /// adds too, lines are mixed, not torn. Two descriptors prx was given do not clash (`>> run.out 2>&1`).
        case inheritsAppending
        /// Renames another file onto its path (a log's rotation), which puts whatever is there out of reach by that
        /// name: a symbolic link there is replaced, not the file it points to, and a file with other names (hard
        /// links) keeps them and its content.
        case replaces

        /// Whether the run writes the file's content, by its path or through a descriptor it was given.
        var writesContent: Bool { [.writes, .appends, .inherits, .inheritsAppending].contains(self) }
    }

    /// A file the run reads, from `/`, with what named it and how the run reads it.
    typealias InputFile = (path: String, origin: Origin, use: Use)

    /// Where a file is, as far as telling two of them apart goes.
    private enum Place: Hashable {
        /// An existing file, whatever path reaches it.
        case file(FileIdentity)
        /// A file not there yet: where creating it would put it.
        case location(Name)
    }

    /// A name in a directory: the nearest directory above it that exists, by its device and inode (so that two
    /// mounts of one directory, a bind mount say, give one name), and the rest of the path below it.
    private struct Name: Hashable {
        /// The directory; `nil` when it cannot be looked at, the whole path then being in `rest`.
        var directory: FileIdentity?
        /// The bytes of the path below it, UTF-8 or not.
        var rest: [UInt8]
    }

    /// One file claimed: where it is, the name it is reached by, the path that named it (from `/`), how the run uses
    /// it and what named it.
    private struct Claim {
        var place: Place
        /// The name the claim reaches the file by, in its directory: links followed to the end, but for a
        /// ``Use/replaces``, whose rename replaces a symbolic link at the path itself.
        var name: Name
        var path: String
        var use: Use
        var origin: Origin
    }

    /// The directory relative paths are taken from: prx's own, where the sinks open their files.
    let base: String
    private var claims: [Claim] = []

    /// Starts with no claims; relative paths are taken from `base`.
    init(base: String) {
        self.base = base
    }

    /// Claims the file at `path` for `origin`, which `use`s it.
    ///
    /// - Throws: ``CommandFailure`` naming both origins (after `origin`'s recipe line, if any) when a claim made
    ///   before is on the same file with offsets, and one of the two writes (or adds) to it by its path, or, where
    ///   one of the two is a rotation's (``Use/replaces``), reaches the same name.
    mutating func claim(_ path: String, by origin: Origin, _ use: Use = .writes) throws(CommandFailure) {
        let absolute = SourceFileSystem.absolutePath(path, base: base)
        let bytes = Array(absolute.utf8)
        if use == .replaces {
            // A rename puts its file in place of the name, whatever is there, a symbolic link included.
            let name = Self.location(of: bytes)
            try add(Claim(place: .location(name), name: name, path: absolute, use: use, origin: origin))
            return
        }
        if let identity = FileIdentity(ofFileAt: absolute) {
            guard identity.hasOffsets else { return }
            let name = Self.location(of: Self.realPath(of: bytes) ?? bytes)
            try add(Claim(place: .file(identity), name: name, path: absolute, use: use, origin: origin))
        } else {
            let name = Self.location(of: SymbolicLink.end(ofChainAtBytes: bytes))
            try add(Claim(place: .location(name), name: name, path: absolute, use: use, origin: origin))
        }
    }

    /// What writes the file at `path` among the claims (a result file, the journal, standard output or error when
    /// they are a file), whatever path reaches it: the same file (device and inode), or the same name in the same
    /// directory (a file made since it was claimed, or made again by a log's rotation); `nil` for a file the run only
    /// reads, a stream, or a file no claim reaches. For Lua code that would write a file as the run goes
    /// (`prx.write`, ``LuaWriteGuard``), which would empty it under its writer.
    func writer(of path: String) -> Origin? {
        firstClaim(reaching: path) { $0.writesContent }
    }

    /// What reads the file at `path` by its path as the run goes, or loads it as the run's code or configuration
    /// (``Use/reads``: the arguments file, the recipe, a `--hook` file, a configuration file), whatever path reaches
    /// it, as ``writer(of:)`` finds a writer; `nil` for a stream, or a file no such claim reaches. For Lua code that
    /// would write a file as the run goes (`prx.write`, ``LuaWriteGuard``), which would spoil the run's input, or the
    /// code or configuration the next run loads.
    func reader(of path: String) -> Origin? {
        firstClaim(reaching: path) { $0 == .reads }
    }

    /// The origin of the first claim whose use `matches` and that reaches the file at `path`: the same file (device and
    /// inode), or the same name in the same directory.
    private func firstClaim(reaching path: String, where matches: (Use) -> Bool) -> Origin? {
        let absolute = SourceFileSystem.absolutePath(path, base: base)
        let bytes = Array(absolute.utf8)
        let identity = FileIdentity(ofFileAt: absolute)
        if let identity, !identity.hasOffsets { return nil }
        let name = Self.location(
            of: identity == nil ? SymbolicLink.end(ofChainAtBytes: bytes) : Self.realPath(of: bytes) ?? bytes)
        return claims.first { claim in
            matches(claim.use) && (claim.name == name || identity.map { claim.place == .file($0) } == true)
        }?.origin
    }

    /// Claims the file open as `descriptor` (standard output, standard error), which prx writes through, for
    /// `origin`; nothing when it is a stream or not open.
    ///
    /// The corresponding C function is `fcntl` (`F_GETFL`: whether it adds at the end, `O_APPEND`).
    mutating func claim(_ descriptor: FileDescriptor, by origin: Origin) throws(CommandFailure) {
        let appends = fcntl(descriptor.rawValue, F_GETFL) & O_APPEND != 0
        try claimOpenFile(
            FileIdentity(of: descriptor), link: "/proc/self/fd/\(descriptor.rawValue)", appends: appends, by: origin)
    }

    /// Claims the file process `pid` (a daemon's launcher) has open as descriptor `number`, for `origin`; nothing
    /// when it is a stream, not open, or cannot be looked at.
    ///
    /// The corresponding C function is `stat` (of `/proc/PID/fd/N`, which reaches the open file).
    mutating func claim(descriptor number: Int32, of pid: pid_t, by origin: Origin) throws(CommandFailure) {
        let link = "/proc/\(pid)/fd/\(number)"
        try claimOpenFile(
            FileIdentity(ofFileAt: link), link: link, appends: Self.addsAtTheEnd(descriptor: number, of: pid),
            by: origin)
    }

    /// Claims `identity`, an open file `link` (a `/proc/PID/fd/N` link) reaches, when it has offsets: as a file prx
    /// writes through a descriptor that adds at the end when `appends` (`>>`), else through a shared offset (`>`).
    private mutating func claimOpenFile(_ identity: FileIdentity?, link: String, appends: Bool, by origin: Origin)
        throws(CommandFailure)
    {
        guard let identity, identity.hasOffsets else { return }
        let path = (try? SymbolicLink.target(ofBytes: Array(link.utf8))) ?? Array(link.utf8)
        let name = Self.location(of: path)
        let use: Use = appends ? .inheritsAppending : .inherits
        try add(
            Claim(
                place: .file(identity), name: name, path: String(decoding: path, as: UTF8.self), use: use,
                origin: origin))
    }

    /// Whether process `pid`'s descriptor `number` adds at the end (`O_APPEND`), by the `flags:` line (octal) of
    /// `/proc/PID/fdinfo/N`; `false` when it cannot be told.
    private static func addsAtTheEnd(descriptor number: Int32, of pid: pid_t) -> Bool {
        guard let info = try? String(contentsOfFile: "/proc/\(pid)/fdinfo/\(number)", encoding: .utf8),
            let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags:") }),
            let flags = Int32(line.dropFirst("flags:".count).trimmingCharacters(in: .whitespaces), radix: 8)
        else { return false }
        return flags & O_APPEND != 0
    }

    /// Adds `claim`, or throws the one-line error naming it and the earlier claim it clashes with: one on the same
    /// file, either of them writing (or adding to) it by its path; or, where either is a rotation's, one on the same
    /// name.
    private mutating func add(_ claim: Claim) throws(CommandFailure) {
        let clash = claims.first { earlier in
            if [earlier, claim].contains(where: { $0.use == .replaces }) { return earlier.name == claim.name }
            guard earlier.place == claim.place else { return false }
            return [earlier.use, claim.use].contains { $0 == .writes || $0 == .appends }
        }
        guard let earlier = clash else {
            claims.append(claim)
            return
        }
        let uses: Set = [earlier.use, claim.use]
        let harm =
            if uses.contains(.replaces) {
                "rotating the log would rename the log onto it (give each a file of its own)"
            } else if uses.contains(.writes) && !uses.isDisjoint(with: [.reads, .readWhileLoading]) {
                "prx would empty the file it reads (give the results a file of their own)"
            } else if uses.contains(.readWhileLoading) {
                "prx would add its results to a file the Lua code reads each time it loads (give the results a file "
                    + "of their own)"
            } else if uses.contains(.reads) {
                "prx would write its results into the file it reads (give the results a file of their own)"
            } else if uses.isSubset(of: [.appends, .inheritsAppending]) {
                // Each adds at the end (O_APPEND), so no line overwrites another: they would interleave.
                "their lines would be mixed in one file (give each a file of its own)"
            } else {
                // A sink that empties the file, or a descriptor prx was given (`> out.txt`), writes from an offset
                // of its own.
                "their lines would tear into each other (give each a file of its own)"
            }
        // Named at the later of two lines of one recipe, whichever was claimed first (a `prx.sink` whose sink is
        // claimed before the run's own, which a later `prx.set` gave its file).
        var (named, other) = (claim, earlier)
        if let claimed = claim.origin.position, let before = earlier.origin.position, claimed.chunk == before.chunk,
            before.line > claimed.line
        {
            (named, other) = (earlier, claim)
        }
        let paths = named.path == other.path ? named.path : "\(named.path) (\(other.path))"
        // One setting or file that gives two sinks their file (a recipe's `prx.sink("csv")` without a `path` of its
        // own and a `prx.set("csv.path", …)`, or the run's CSV summary itself, or a `--set csv.path` over two CSV
        // sinks) is named once, not "X and X", at the one recipe line that gave it.
        let positions = [named.origin.position, other.origin.position]
        let namedOnce =
            named.origin.name == other.origin.name && (positions[0] == positions[1] || positions.contains(nil))
        let names =
            namedOnce
            ? "\(named.origin.name) names one file for two sinks"
            : "\(named.origin.name) and \(other.origin) name the same file"
        let message = "\(names), \(paths): \(harm)"
        let position = namedOnce ? named.origin.position ?? other.origin.position : named.origin.position
        throw CommandFailure(message: RecipeError(message, at: position).description)
    }

    /// The bytes of the path of the file at `absolute` from `/`, UTF-8 or not, every symbolic link and `..` resolved
    /// (``ResolvedPath``); `nil` when nothing is there or it cannot be told.
    private static func realPath(of absolute: [UInt8]) -> [UInt8]? {
        try? ResolvedPath.bytes(ofBytes: absolute)
    }

    /// Where the name `absolute` is, the file there left as it is (a symbolic link not followed), or where creating
    /// it, when it names nothing, would put it: the nearest directory above it that exists (symbolic links and `..`
    /// resolved, by identity), and the rest of `absolute` below it. A `/` is a byte, wherever it stands.
    private static func location(of absolute: [UInt8]) -> Name {
        var head = absolute[...]
        while let last = head.lastIndex(of: slash) {
            head = head[..<last]
            if let directory = realPath(of: head.isEmpty ? [slash] : Array(head)) {
                let below = Array(absolute[(last + 1)...])
                guard let identity = (try? FileStatus(ofFileAtBytes: directory))?.identity else {
                    return Name(directory: nil, rest: (directory == [slash] ? [] : directory) + [slash] + below)
                }
                return Name(directory: identity, rest: below)
            }
        }
        return Name(directory: nil, rest: absolute)
    }

    /// The byte of a `/`.
    private static let slash = UInt8(ascii: "/")
}
