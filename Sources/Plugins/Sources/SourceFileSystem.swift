#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The file-system calls the task sources make, each wrapped once: typed results, `errno` as a typed ``Errno``. The
/// command names the files it writes by ``absolutePath(_:base:)`` too, so that every path prx shows is made alike.
public enum SourceFileSystem {
    /// What a path is, as `stat` reports it.
    struct Status: Hashable {
        /// The kinds of file the sources tell apart.
        enum Kind: Hashable {
            case regularFile
            case directory
            case other
        }

        var kind: Kind
        /// The size in bytes.
        var size: Int
        /// Which file it is, whatever path reached it.
        var identity: FileIdentity
    }

    /// Returns what `path` is, following symbolic links, or `nil` when nothing is there (a dangling link included).
    ///
    /// The corresponding C function is `stat` (``FileStatus/init(ofFileAt:)``).
    static func status(_ path: String) throws(Errno) -> Status? {
        try status { () throws(Errno) in try FileStatus(ofFileAt: path) }
    }

    /// Returns what the path whose bytes are `path` (UTF-8 or not) is, as ``status(_:)`` does.
    static func status(bytes path: [UInt8]) throws(Errno) -> Status? {
        try status { () throws(Errno) in try FileStatus(ofFileAtBytes: path) }
    }

    /// The ``Status`` that `look`, a `stat` of some path, finds.
    private static func status(_ look: () throws(Errno) -> FileStatus) throws(Errno) -> Status? {
        guard let info = try existing(look) else { return nil }
        let kind: Status.Kind =
            switch info.type {
            case S_IFREG: .regularFile
            case S_IFDIR: .directory
            default: .other
            }
        return Status(kind: kind, size: info.size, identity: info.identity)
    }

    /// What `look`, a `stat` or `lstat` of some path, finds, or `nil` when nothing is there (`ENOENT`, or `ENOTDIR`
    /// for a component before the last that is no directory).
    private static func existing(_ look: () throws(Errno) -> FileStatus) throws(Errno) -> FileStatus? {
        do throws(Errno) {
            return try look()
        } catch {
            if error == .noSuchFile || error == .notADirectory { return nil }
            throw error
        }
    }

    /// Returns the names in the directory at `path`, `.` and `..` left out, in the order the system lists them;
    /// a name that is not UTF-8, which a `String` cannot hold, comes back in `notUTF8`, its other bytes written
    /// `\xNN`.
    static func entries(ofDirectory path: String) throws(Errno) -> (names: [String], notUTF8: [String]) {
        var names: [String] = []
        var notUTF8: [String] = []
        try forEachEntry(ofDirectory: path, notUTF8: { notUTF8.append(escaped($0)) }) { names.append($0) }
        return (names, notUTF8)
    }

    /// Gives `body` each UTF-8 name in the directory at `path`, and `notUTF8` the bytes of each other, which a
    /// `String` cannot hold; `.` and `..` left out, in the order the system lists them, keeping none.
    static func forEachEntry(
        ofDirectory path: String, notUTF8: ([UInt8]) -> Void, _ body: (String) -> Void
    ) throws(Errno) {
        try forEachName(inDirectory: Array(path.utf8)) { bytes in
            if let name = String(validating: bytes, as: UTF8.self) {
                body(name)
            } else {
                notUTF8(Array(bytes))
            }
        }
    }

    /// Gives `body` the bytes of each name in the directory whose path's bytes (UTF-8 or not) are `path`; `.` and
    /// `..` left out, in the order the system lists them.
    ///
    /// The corresponding C functions are `opendir`, `readdir` and `closedir`.
    private static func forEachName(
        inDirectory path: [UInt8], _ body: (Slice<UnsafeRawBufferPointer>) -> Void
    ) throws(Errno) {
        let opened = (path + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { opendir($0.baseAddress!) }
        }
        guard let directory = opened else { throw Errno.current }
        defer { closedir(directory) }
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { throw Errno.current }
                return
            }
            withUnsafeBytes(of: entry.pointee.d_name) { entryBytes in
                let bytes = entryBytes.prefix { $0 != 0 }
                if !bytes.elementsEqual(".".utf8) && !bytes.elementsEqual("..".utf8) { body(bytes) }
            }
        }
    }

    /// Gives `body` each UTF-8 path matching the shell pattern `pattern` (``ShellPattern``: `*`, `?`, `[…]`, a
    /// character each), and `notUTF8` the bytes of each other, which a `String` cannot hold; none when nothing
    /// matches, keeping none.
    ///
    /// Much as `glob` does, but by characters where it went by bytes: the pattern is taken a component at a time,
    /// one without a wildcard as the name it stands for, one with a wildcard against the names its directory lists
    /// (`.` and `..` left out, as a shell does now), a wildcard not matching a leading dot. A directory that cannot
    /// be read matches nothing, and a path ending in a component without a wildcard is given only when it names
    /// something. A relative pattern is taken from the current directory. Unlike `glob`, empty components are
    /// skipped, so a trailing `/` does not keep directories alone: `d/*/` gives what `d/*` gives. (The callers
    /// pass a path in standard form, ``absolutePath(_:base:)``, whose trailing `/` is gone already, as it was
    /// before they called `glob`.)
    static func forEachPath(matching pattern: String, notUTF8: ([UInt8]) -> Void, _ body: (String) -> Void) {
        let components = PathSlashes.components(of: pattern).map { ShellPattern(String($0)) }
        let root: [UInt8] = PathSlashes.isAbsolute(pattern) ? [UInt8(ascii: "/")] : []
        walk(from: root, through: components[...], exists: true) { path in
            if let text = String(validating: path, as: UTF8.self) {
                body(text)
            } else {
                notUTF8(path)
            }
        }
    }

    /// Follows `path` (bytes, UTF-8 or not; known to name something when `exists`) through the pattern's
    /// components `rest`, and gives `found` each path they lead to.
    private static func walk(
        from path: [UInt8], through rest: ArraySlice<ShellPattern>, exists: Bool, _ found: ([UInt8]) -> Void
    ) {
        guard let component = rest.first else {
            if exists || (try? status(bytes: path)) ?? nil != nil { found(path) }
            return
        }
        if let name = component.literal {
            walk(from: joined(path, name.utf8), through: rest.dropFirst(), exists: false, found)
            return
        }
        try? forEachName(inDirectory: path.isEmpty ? [UInt8(ascii: ".")] : path) { name in
            if component.matches(fileName: name) {
                walk(from: joined(path, name), through: rest.dropFirst(), exists: true, found)
            }
        }
    }

    /// `path` and `name` joined by a `/` (none after the root, and only `name` after an empty path).
    private static func joined(_ path: [UInt8], _ name: some Collection<UInt8>) -> [UInt8] {
        if path.isEmpty { return Array(name) }
        return path + (path == [UInt8(ascii: "/")] ? [] : [UInt8(ascii: "/")]) + name
    }

    /// `bytes` as text, each byte that is not ASCII written `\xNN`: how messages name a file whose name is not
    /// UTF-8.
    static func escaped<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        bytes.map { $0 < 0x80 ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }.joined()
    }

    /// Returns whether `path` holds a code point a pattern treats as a wildcard (`*` followed by a combining mark too).
    static func hasWildcard(_ path: String) -> Bool {
        path.unicodeScalars.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// Returns `path` made absolute against `base` and put in standard form: no `.` or `..` components, no repeated
    /// or trailing slashes, symbolic links kept as they are named.
    ///
    /// `..` goes up from where the path so far leads, as the kernel takes it: after a symbolic link (`l/..`), the
    /// path so far is resolved first (its real directory's parent, not the directory holding `l`); otherwise the
    /// last component is dropped. Only a `..` costs a look at the file system (`lstat`, and `realpath` after a link).
    /// A `..` after a component that names nothing is taken textually, as Python's `Path.resolve()` does, except
    /// where a wildcard is why it names nothing (`d*/..`, `d*/x/..`): that `..` is kept, for the pattern's walk
    /// (``forEachPath(matching:notUTF8:_:)``) to take from each directory matched, as the kernel takes it there.
    public static func absolutePath(_ path: String, base: String) -> String {
        let joined = PathSlashes.isAbsolute(path) ? path : base + "/" + path
        var components: [Substring] = []
        for component in PathSlashes.components(of: joined) {
            switch component {
            case ".": continue
            case "..": goUp(&components)
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// Applies one `..` to the absolute path whose components are `components` (see ``absolutePath(_:base:)``).
    private static func goUp(_ components: inout [Substring]) {
        guard let last = components.last else { return }
        if last == ".." {
            components.append("..")
            return
        }
        let pathSoFar = "/" + components.joined(separator: "/")
        switch try? linkStatus(pathSoFar) {
        case .symbolicLink:
            if let real = try? ResolvedPath.text(of: pathSoFar) { components = PathSlashes.components(of: real) }
        case .missing where missesByAWildcard(components):
            components.append("..")
            return
        case .missing, .notSymbolicLink, nil:
            break
        }
        _ = components.popLast()
    }

    /// Whether the absolute path whose components are `components`, which names nothing, does so for a wildcard:
    /// one is in its missing part, the components after the longest leading part that names something (in `d*/x`,
    /// where no `d*` exists, `d*` and `x`; in `a[1]/x`, where `a[1]` exists, `x` alone). Costs an `lstat` for each
    /// component of the missing part.
    private static func missesByAWildcard(_ components: [Substring]) -> Bool {
        for index in components.indices.reversed() {
            if hasWildcard(String(components[index])) { return true }
            if (try? linkStatus("/" + components[..<index].joined(separator: "/"))) != .missing { return false }
        }
        return false
    }

    /// What a path names itself, a symbolic link not followed.
    enum LinkStatus: Hashable {
        case symbolicLink
        case notSymbolicLink
        /// Nothing is there.
        case missing
    }

    /// Returns whether `path` itself is a symbolic link, or names nothing.
    ///
    /// The corresponding C function is `lstat` (``FileStatus/init(ofNameAt:)``).
    static func linkStatus(_ path: String) throws(Errno) -> LinkStatus {
        guard let info = try existing({ () throws(Errno) in try FileStatus(ofNameAt: path) }) else { return .missing }
        return info.type == S_IFLNK ? .symbolicLink : .notSymbolicLink
    }

    /// The process's current directory.
    static var currentDirectory: String { FileManager.default.currentDirectoryPath }
}
