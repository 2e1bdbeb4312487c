/// Which task files to keep by extension: `--file-extension txt` or `--file-extension "txt, .log"`.
///
/// As in parallelr, a file's extension is what follows the last dot of its name (`a.tar.gz` has `gz`; `.bashrc`
/// and `notes.` have none) and the comparison ignores case.
public struct FileExtensionFilter: Sendable, Hashable {
    /// A list that is not empty yet names no extension (`.`, `,`, a space): parallelr makes each empty entry the
    /// suffix `.`, which no file name has, so it would keep no file.
    public struct NoExtensionError: FlagNamingError, Hashable {
        /// The list as given.
        public var list: String

        /// The message, naming what gave the list: `--file-extension` in flags mode, the source's setting
        /// (`glob.ext`, `dir.ext`) in a recipe or a `--set`.
        public func described(naming origin: (_ flag: String) -> String) -> String {
            "\(origin("--file-extension")) '\(list)' names no extension, so no task file would match: "
                + "write them as txt,log"
        }
    }

    /// The extensions kept, lowercased and without their dot, each once (parallelr keeps them in a set), in the order
    /// first given: `txt,TXT,.log` is `txt` and `log`.
    public let extensions: [String]

    /// Parses a comma-separated list; each entry may carry a leading dot, spaces around entries are ignored, and an
    /// empty entry beside an extension (`txt,`) is ignored, as in parallelr. The list is read by code points, as
    /// Python reads it: a `,` or `.` followed by a combining mark is still a comma or a dot.
    ///
    /// Returns `nil` for an empty list, which keeps every file, as an empty `--file-extension` does in parallelr.
    ///
    /// - Throws: ``NoExtensionError`` for a list that is not empty and names no extension.
    public init?(parsing list: String) throws(NoExtensionError) {
        guard !list.isEmpty else { return nil }
        try self.init(
            entries: list.unicodeScalars.split(separator: ",").map(PythonWhitespace.trim), givenAs: list)
    }

    /// Takes each of `entries`, a list given as a list (a YAML list, a Lua array), as one extension, as it is but for
    /// a leading dot; an empty entry beside an extension is ignored, as in a comma-separated list.
    ///
    /// Returns `nil` for no entry, which keeps every file.
    ///
    /// - Throws: ``NoExtensionError`` for entries that name no extension (`"."`, `""`).
    public init?(entries: [String]) throws(NoExtensionError) {
        guard !entries.isEmpty else { return nil }
        try self.init(entries: entries, givenAs: PluginSettingValue.list(entries).description)
    }

    /// Keeps the extensions `entries` name, a leading dot dropped and lowercased, each once; `list` is how they were
    /// given.
    private init(entries: [String], givenAs list: String) throws(NoExtensionError) {
        var seen: Set<String> = []
        let extensions = entries.compactMap { entry -> String? in
            let name = entry.unicodeScalars.first == "." ? Substring(entry.unicodeScalars.dropFirst()) : entry[...]
            return name.isEmpty ? nil : name.lowercased()
        }.filter { seen.insert($0).inserted }
        guard !extensions.isEmpty else { throw NoExtensionError(list: list) }
        self.extensions = extensions
    }

    /// Whether the file at `path` has one of the extensions.
    public func matches(_ path: String) -> Bool {
        matches(pathBytes: path.utf8)
    }

    /// Whether the file whose path has the bytes `path`, UTF-8 or not, has one of the extensions; an extension
    /// that is not UTF-8 is none of them.
    public func matches<Bytes: BidirectionalCollection<UInt8>>(pathBytes path: Bytes) -> Bool {
        let name = path[(path.lastIndex(of: UInt8(ascii: "/")).map(path.index(after:)) ?? path.startIndex)...]
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")), dot != name.startIndex,
            name.index(after: dot) != name.endIndex,
            let pathExtension = String(validating: name[name.index(after: dot)...], as: UTF8.self)
        else { return false }
        return extensions.contains(pathExtension.lowercased())
    }
}
