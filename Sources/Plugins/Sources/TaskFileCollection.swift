/// The task files named by `-T` values, absolute, without duplicates, sorted: what file mode runs.
///
/// Each value is one of:
/// - a directory: its regular files (dotfiles too), not its subdirectories' contents;
/// - a file: that file;
/// - a shell pattern (`*`, `?`, `[…]`) naming no existing path: the regular files it matches;
/// - anything else that is there, a FIFO, a device, a socket, a symbolic link to nothing or one in a loop: no task
///   file, passed over with a warning (``PassedOverPath``), as parallelr passes it over, so that a shell's `tasks/*`
///   naming such a file beside the task files still runs them.
///
/// Relative values are taken against a base directory (the current one unless told otherwise). Paths are made
/// absolute with `.` and `..` removed and symbolic links kept, a `..` going up from where the link before it leads
/// (``SourceFileSystem/absolutePath(_:base:)``); duplicates are removed by that absolute path, the optional
/// extension filter applies to every value, and the result is sorted by code point, as parallelr sorts. Symbolic
/// links count as what they point to. A file whose name is not UTF-8 is collected all the same when the filter
/// keeps it, for its task to say that prx cannot pass it to a command (``TaskFileList``, ``TaskFileSource``).
///
/// Told the run's result files, the collection names the task files that are one of them (``writtenTaskFiles``),
/// by the identity of each file it keeps, which the `stat` that tells it is a regular file gives at no extra cost.
public struct TaskFileCollection: Sendable, Hashable {
    /// Why no task files could be collected.
    public enum CollectionError: FlagNamingError, Hashable {
        /// A value is neither an existing path nor a pattern.
        case notFound(String)
        /// A pattern matches nothing.
        case noMatch(pattern: String)
        /// A value that must be a directory is not one.
        case notDirectory(String)
        /// The file system refused to tell.
        case unreadable(String, reason: String)
        /// Every value was valid, yet no task file is left (an empty directory, a filter that keeps nothing).
        case noTaskFiles(extensions: [String])
        /// A relative value, where the directory it is relative to cannot be told: prx was started in a directory
        /// deleted since.
        case relativeWithoutDirectory(String)
        /// A relative value, where the directory it is relative to has a path that is not UTF-8, shown with those
        /// bytes written `\xNN` (`/x/d\xff`): prx takes paths as UTF-8 text, which names no directory there.
        case relativeInNonUTF8Directory(String, directory: String)

        /// The message, ending with what gave the values: `-T` (and `--file-extension`) in flags mode, the source's
        /// settings (`glob.patterns`, `dir.path`, `glob.ext`) in a recipe or a `--set`.
        public func described(naming origin: (_ flag: String) -> String) -> String {
            let paths = origin("-T")
            return switch self {
            case .notFound(let path): "task path does not exist: \(path) (\(paths))"
            case .noMatch(let pattern): "no file matches the pattern \(pattern) (\(paths))"
            case .notDirectory(let path): "task path is not a directory: \(path) (\(paths))"
            case .unreadable(let path, let reason): "cannot read task path \(path): \(reason) (\(paths))"
            case .noTaskFiles(let extensions) where extensions.isEmpty:
                "no task files found in the given paths (\(paths))"
            case .noTaskFiles(let extensions):
                "no task files with extension \(extensions.joined(separator: ", ")) found "
                    + "(\(paths), \(origin("--file-extension")))"
            case .relativeWithoutDirectory(let path):
                "task path \(path) is relative, and the directory prx runs in was deleted, so it names no file: give "
                    + "it from / (\(paths))"
            case .relativeInNonUTF8Directory(let path, let directory):
                "task path \(path) is relative, and the directory prx runs in is not UTF-8 (it reads '\(directory)'), "
                    + "where prx takes its paths as UTF-8: run prx in another directory (\(paths))"
            }
        }
    }

    /// A value that is there but is no task file, and no directory holding any: parallelr's discovery keeps what
    /// Python's `Path.is_file()` calls a regular file, and passes over what its `glob` finds that is not one (a FIFO,
    /// a device, a socket, a link to nothing, a link in a loop, which `is_file()` calls no file) without a word. prx
    /// passes it over too, and says so; resuming a run, it passes over a value that names nothing now as well.
    public enum PassedOverPath: Sendable, Hashable {
        /// A FIFO, a device or a socket.
        case notFileOrDirectory(String)
        /// A symbolic link to nothing.
        case linkToNothing(String)
        /// A symbolic link that leads back to itself (`a` to `b`, `b` to `a`), so the system follows it to nothing.
        case linkInALoop(String)
        /// A path that names nothing, or a pattern that matches nothing, in a resumption: the run it resumes had its
        /// files, removed since, and the resumption tells of each of their tasks that did not succeed.
        case goneSinceTheRunResumed(String)

        /// The warning, ending with what gave the value: `-T` in flags mode, the source's setting (`glob.patterns`)
        /// in a recipe or a `--set`.
        public func described(naming origin: (_ flag: String) -> String) -> String {
            let paths = origin("-T")
            return switch self {
            case .notFileOrDirectory(let path):
                "task path is neither a file nor a directory: \(path) (\(paths)); ignored, as parallelr ignores it"
            case .linkToNothing(let path):
                "task path is a symbolic link to nothing: \(path) (\(paths)); ignored, as parallelr ignores it"
            case .linkInALoop(let path):
                "task path is a symbolic link in a loop: \(path) (\(paths)); ignored, as parallelr ignores it"
            case .goneSinceTheRunResumed(let path):
                "task path names nothing now: \(path) (\(paths)); passed over, as its files are gone since the run "
                    + "this resumes"
            }
        }
    }

    /// The task files' absolute paths, sorted.
    public let files: TaskFileList
    /// The task files, sorted, that are one of the `resultFiles` the collection was told of: files the run would
    /// write its results to, emptying each before its task reads it. A file whose name is not UTF-8 is never among
    /// them: its task does not run.
    public let writtenTaskFiles: [String]

    /// Collects the task files of `values`, each a directory, a file or a pattern.
    ///
    /// - Parameters:
    ///   - values: the `-T` values, in any order; several combine.
    ///   - extensions: keeps only files with these extensions; `nil` keeps all.
    ///   - baseDirectory: what relative values are relative to; `nil` for the current directory.
    ///   - resultFiles: the existing files the run writes its results to, the task files among which are
    ///     ``writtenTaskFiles``.
    ///   - resumingEarlierRun: whether the values are those of a run being resumed, so that one naming nothing now
    ///     is passed over (``PassedOverPath/goneSinceTheRunResumed(_:)``) rather than an error, and no file found is
    ///     no error either: that run had its files, gone since.
    ///   - passOver: told of each value that is there but is no task file, as it is passed over, and, resuming, of
    ///     each that names nothing.
    /// - Throws: ``CollectionError`` naming the first value that is wrong, or
    ///   ``CollectionError/noTaskFiles(extensions:)`` (not `resumingEarlierRun`).
    public init(
        paths values: [String], extensions: FileExtensionFilter? = nil, baseDirectory: String? = nil,
        resultFiles: Set<FileIdentity> = [], resumingEarlierRun: Bool = false,
        passOver: (PassedOverPath) -> Void = { _ in }
    ) throws(CollectionError) {
        var found = Found(extensions: extensions, resultFiles: resultFiles)
        for value in values {
            let path = try Self.absolutePath(of: value, base: baseDirectory)
            let status: SourceFileSystem.Status?
            do throws(Errno) {
                status = try SourceFileSystem.status(path)
            } catch {
                guard Self.isLinkInALoop(path, error: error) else {
                    throw .unreadable(value, reason: error.description)
                }
                passOver(.linkInALoop(value))
                continue
            }
            switch status {
            case let status? where status.kind == .regularFile: found.add(path, identity: status.identity)
            case let status? where status.kind == .directory:
                try found.addRegularFiles(inDirectory: path, value: value)
            case .some: passOver(.notFileOrDirectory(value))
            case nil where SourceFileSystem.hasWildcard(value):
                do throws(CollectionError) {
                    try found.addRegularFiles(matching: path, value: value)
                } catch .noMatch where resumingEarlierRun {
                    passOver(.goneSinceTheRunResumed(value))
                }
            case nil where (try? SourceFileSystem.linkStatus(path)) == .symbolicLink: passOver(.linkToNothing(value))
            case nil where resumingEarlierRun: passOver(.goneSinceTheRunResumed(value))
            case nil: throw .notFound(value)
            }
        }
        // A resumption whose files are all gone runs none: the resumed source tells of each task of the run it takes up
        // that did not succeed and is gone, as it does of each gone when others are left, where this said only that no
        // task files were found, not a word of those tasks.
        try self.init(found, allowingNone: resumingEarlierRun)
    }

    /// Collects the regular files directly inside one directory.
    ///
    /// - Throws: ``CollectionError/notDirectory(_:)`` when `directory` is not a directory, or another
    ///   ``CollectionError``.
    public static func directory(
        _ directory: String, extensions: FileExtensionFilter? = nil, baseDirectory: String? = nil
    ) throws(CollectionError) -> TaskFileCollection {
        let path = try absolutePath(of: directory, base: baseDirectory)
        switch try status(of: path, value: directory)?.kind {
        case .directory:
            var found = Found(extensions: extensions, resultFiles: [])
            try found.addRegularFiles(inDirectory: path, value: directory)
            return try TaskFileCollection(found)
        case nil: throw .notFound(directory)
        case .regularFile, .other: throw .notDirectory(directory)
        }
    }

    /// Collects the regular files matching a shell pattern, even when the pattern is itself an existing path.
    ///
    /// - Throws: ``CollectionError/noMatch(pattern:)`` when nothing matches, or another ``CollectionError``.
    public static func matching(
        _ pattern: String, extensions: FileExtensionFilter? = nil, baseDirectory: String? = nil
    ) throws(CollectionError) -> TaskFileCollection {
        let path = try absolutePath(of: pattern, base: baseDirectory)
        var found = Found(extensions: extensions, resultFiles: [])
        try found.addRegularFiles(matching: path, value: pattern)
        return try TaskFileCollection(found)
    }

    /// The files `found`; none is refused unless `allowingNone`.
    private init(_ found: Found, allowingNone: Bool = false) throws(CollectionError) {
        files = found.paths.finished()
        writtenTaskFiles = Set(found.writtenTaskFiles).sorted()
        guard !files.isEmpty || allowingNone else { throw .noTaskFiles(extensions: found.extensions?.extensions ?? []) }
    }

    /// The files found so far, those the extension filter keeps, each added as it is found.
    private struct Found {
        let extensions: FileExtensionFilter?
        /// The run's result files, which no task file should be.
        let resultFiles: Set<FileIdentity>
        var paths = TaskFileList.Builder()
        /// The files added that are one of `resultFiles`.
        var writtenTaskFiles: [String] = []
        /// The first file found that could not be examined, which the value that named it throws once it is read.
        var unexaminable: CollectionError?

        init(extensions: FileExtensionFilter?, resultFiles: Set<FileIdentity>) {
            self.extensions = extensions
            self.resultFiles = resultFiles
        }

        /// Adds `path`, the regular file `identity`, when the filter keeps it.
        mutating func add(_ path: String, identity: FileIdentity) {
            guard extensions?.matches(path) ?? true else { return }
            paths.add(path)
            if !resultFiles.isEmpty && resultFiles.contains(identity) { writtenTaskFiles.append(path) }
        }

        /// Adds `path` when the filter keeps it and it is a regular file: the filter first, which needs no `stat`.
        /// A file that cannot be examined (``TaskFileCollection/regularFile(_:)``) is kept in ``unexaminable``,
        /// named as `named` gives it, when it is the first; none is added after it.
        mutating func addIfRegularFile(_ path: String, named: @autoclosure () -> String) {
            guard unexaminable == nil, extensions?.matches(path) ?? true else { return }
            do throws(Errno) {
                if let identity = try TaskFileCollection.regularFile({ () throws(Errno) in
                    try SourceFileSystem.status(path)
                }) {
                    add(path, identity: identity)
                }
            } catch {
                unexaminable = .unreadable(named(), reason: error.description)
            }
        }

        /// Adds the path whose bytes, not UTF-8, are `path`, as ``addIfRegularFile(_:named:)`` adds a path: a file
        /// the filter leaves out never matters, and one it keeps becomes a task that says its name cannot be passed
        /// on.
        mutating func addIfRegularFile(notUTF8 path: [UInt8], named: @autoclosure () -> String) {
            guard unexaminable == nil, extensions?.matches(pathBytes: path) ?? true else { return }
            do throws(Errno) {
                if try TaskFileCollection.regularFile({ () throws(Errno) in
                    try SourceFileSystem.status(bytes: path)
                }) != nil {
                    paths.add(bytes: path)
                }
            } catch {
                unexaminable = .unreadable(named(), reason: error.description)
            }
        }

        /// Adds the regular files in `directory`, which `value` names.
        ///
        /// - Throws: ``CollectionError/unreadable(_:reason:)`` naming `value` when the directory cannot be listed, or
        ///   the first of its files that cannot be examined, named from `value` (`tasks/a.sh`).
        mutating func addRegularFiles(inDirectory directory: String, value: String) throws(CollectionError) {
            let prefix = directory == "/" ? "/" : directory + "/"
            let named = value.hasSuffix("/") ? value : value + "/"
            do {
                try SourceFileSystem.forEachEntry(
                    ofDirectory: directory,
                    notUTF8: { name in
                        addIfRegularFile(
                            notUTF8: Array(prefix.utf8) + name, named: named + SourceFileSystem.escaped(name))
                    }
                ) { name in
                    addIfRegularFile(prefix + name, named: named + name)
                }
            } catch {
                throw .unreadable(value, reason: error.description)
            }
            if let unexaminable { throw unexaminable }
        }

        /// Adds the regular files `pattern` matches. A match that is not UTF-8 is added as
        /// ``SourceFileSystem/forEachPath(matching:notUTF8:_:)`` gives it: in standard form, but for a `..` the
        /// pattern kept after a wildcard, which stays in that task's name.
        ///
        /// - Throws: ``CollectionError/noMatch(pattern:)`` when nothing matches, or
        ///   ``CollectionError/unreadable(_:reason:)`` naming the first match that cannot be examined.
        mutating func addRegularFiles(matching pattern: String, value: String) throws(CollectionError) {
            var matched = false
            SourceFileSystem.forEachPath(
                matching: pattern,
                notUTF8: { match in
                    matched = true
                    addIfRegularFile(notUTF8: match, named: SourceFileSystem.escaped(match))
                }
            ) { match in
                matched = true
                let path = SourceFileSystem.absolutePath(match, base: "/")
                addIfRegularFile(path, named: path)
            }
            if let unexaminable { throw unexaminable }
            guard matched else { throw .noMatch(pattern: value) }
        }
    }

    /// `value` (a `-T` value, or the template file of `-A`'s) made absolute against `base`, or against the current
    /// directory when `base` is `nil`.
    ///
    /// - Throws: for a relative value, without `base`, when the current directory cannot be named:
    ///   ``CollectionError/relativeWithoutDirectory(_:)`` when prx was started in a directory deleted since (`getcwd`
    ///   fails), which Foundation gives as an empty path: taken from `/`, the value would name other files (`-T .`
    ///   those in `/`); ``CollectionError/relativeInNonUTF8Directory(_:directory:)`` when its path is not UTF-8,
    ///   which Foundation gives with U+FFFD in place of those bytes: the value named nothing (`task path does not
    ///   exist: t`).
    static func absolutePath(of value: String, base: String?) throws(CollectionError) -> String {
        if let base { return SourceFileSystem.absolutePath(value, base: base) }
        guard !PathSlashes.isAbsolute(value) else { return SourceFileSystem.absolutePath(value, base: "/") }
        do {
            return SourceFileSystem.absolutePath(value, base: try WorkingDirectory.path())
        } catch {
            switch error {
            case .deleted: throw .relativeWithoutDirectory(value)
            case .notUTF8(let shown): throw .relativeInNonUTF8Directory(value, directory: shown)
            case .unknown(let reason): throw .unreadable(value, reason: "\(reason)")
            }
        }
    }

    private static func status(of path: String, value: String) throws(CollectionError) -> SourceFileSystem.Status? {
        do {
            return try SourceFileSystem.status(path)
        } catch {
            throw .unreadable(value, reason: error.description)
        }
    }

    /// Whether `error`, what a `stat` of `path` failed with, says that `path` is itself a symbolic link in a loop
    /// (`ELOOP`, and `lstat` finds a link there), rather than a path through a directory that is one.
    private static func isLinkInALoop(_ path: String, error: Errno) -> Bool {
        error == .symbolicLinkLoop && (try? SourceFileSystem.linkStatus(path)) == .symbolicLink
    }

    /// The identity of the regular file that `look`, a `stat` of a file found in a directory, tells of, or `nil`
    /// for anything else: what is not a regular file, what is gone since the directory was read, and a symbolic link
    /// in a loop, which parallelr's `Path.is_file()` calls no file either.
    ///
    /// - Throws: the `Errno` of a `stat` that fails otherwise (`EACCES` in a directory that can be listed but not
    ///   searched), as parallelr's `is_file()` raises it: a file that cannot be examined is not left out unsaid.
    fileprivate static func regularFile(
        _ look: () throws(Errno) -> SourceFileSystem.Status?
    ) throws(Errno) -> FileIdentity? {
        do throws(Errno) {
            guard let status = try look(), status.kind == .regularFile else { return nil }
            return status.identity
        } catch where error == .symbolicLinkLoop {
            return nil
        }
    }
}
