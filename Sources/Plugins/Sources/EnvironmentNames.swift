/// The environment variable names of `-E` (`HOSTNAME` or `HOST,PORT`), in order: each arguments line sets the
/// first name to its first field, the second to its second, and so on.
public struct EnvironmentNames: Sendable, Hashable {
    /// Why a `-E` value cannot be used.
    public enum NameError: FlagNamingError, Hashable {
        /// The list has an empty entry (`A,,B`, a trailing comma).
        case emptyEntry(list: String)
        /// A name is not `[A-Za-z_][A-Za-z0-9_]*`.
        case invalid(String)
        /// A name is in the list twice (`A,A`): the later field would silently replace the earlier one.
        case duplicate(String)
        /// A name prx gives its tasks itself (``ReservedTaskVariables``): the field would replace prx's value.
        case reserved(String)

        /// The message, ending with what gave the names: `-E` in flags mode, the source's setting (`args-file.env`)
        /// in a recipe or a `--set`.
        public func described(naming origin: (_ flag: String) -> String) -> String {
            let names = origin("-E")
            return switch self {
            case .emptyEntry(let list):
                "environment variable list '\(list)' has an empty entry; write the names as NAME1,NAME2 "
                    + "(\(names))"
            case .invalid(let name):
                "invalid environment variable name '\(name)': a name starts with a letter or underscore and "
                    + "holds only letters, digits and underscores (\(names))"
            case .duplicate(let name):
                "environment variable name '\(name)' is given twice; each name takes a field of its own (\(names))"
            case .reserved(let name):
                "environment variable name \(ReservedTaskVariables.refusal(of: name)) (\(names))"
            }
        }
    }

    /// No names: `-E` not given.
    public static let none = EnvironmentNames(validated: [])

    /// The names, in `-E` order.
    public let names: [String]

    /// Parses a comma-separated list, trimming spaces around each name; split at each `,` code point, as Python's
    /// `str.split(',')` splits (a `,` followed by a combining mark is one Swift Character).
    public init(parsing list: String) throws(NameError) {
        let names = list.unicodeScalars.split(separator: ",", omittingEmptySubsequences: false)
            .map(PythonWhitespace.trim)
        guard !names.contains(where: \.isEmpty) else { throw .emptyEntry(list: list) }
        try self.init(names)
    }

    /// The names an `args-file.env` setting gives: text read as `-E` is (``init(parsing:)``), not as a list, for an
    /// empty entry (`HOST,,PORT`) would pair the names with other fields; each element of a list one name
    /// (``init(entries:)``).
    public init(setting value: PluginSettingValue) throws(NameError) {
        switch value {
        case .text(let list): try self.init(parsing: list)
        case .list(let entries): try self.init(entries: entries)
        }
    }

    /// Takes each of `entries`, a list given as a list (a YAML list, a Lua array), as one name, as it is.
    ///
    /// - Throws: ``NameError`` for an empty entry, or a name ``init(_:)`` refuses.
    public init(entries: [String]) throws(NameError) {
        guard !entries.contains(where: \.isEmpty) else {
            throw .emptyEntry(list: PluginSettingValue.list(entries).description)
        }
        try self.init(entries)
    }

    /// Checks and keeps `names`.
    public init(_ names: [String]) throws(NameError) {
        var seen: Set<String> = []
        for name in names {
            guard Self.isValid(name) else { throw .invalid(name) }
            guard !ReservedTaskVariables.names.contains(name) else { throw .reserved(name) }
            guard seen.insert(name).inserted else { throw .duplicate(name) }
        }
        self.init(validated: names)
    }

    private init(validated names: [String]) {
        self.names = names
    }

    /// Whether `name` is `[A-Za-z_][A-Za-z0-9_]*`, a name every shell and program takes.
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_"
        }
    }
}
