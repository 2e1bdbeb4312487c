/// What a task source's own messages name for each value flags mode gives by a flag (`-A`, `-T`, `-E`, `-C`): the
/// flag itself in flags mode, the source's setting (`args-file.env`) where a recipe's `prx.source`, a `--set` or the
/// configuration's `plugins:` gave the value, a flag the user never gave.
///
/// ``FlagNamingError`` renames the errors of making a source, which the command catches; these are what the source
/// says later, when nothing renames it: its tasks' errors, its warnings and the errors of reading its lines.
public struct FlagOrigins: Sendable {
    private let origin: @Sendable (_ flag: String) -> String
    /// Whether flags mode's flags (`-A`, `-T`) chose the source: its messages then speak of flags mode's modes
    /// (`file mode has no arguments file (-A)`), also where a `--set` or the configuration's `plugins:` gave the
    /// command template, which they name by its setting.
    public let isFlagsMode: Bool

    /// Names each flag by what `origin` answers for it; `isFlagsMode` when flags chose the source.
    public init(isFlagsMode: Bool, _ origin: @escaping @Sendable (_ flag: String) -> String) {
        self.isFlagsMode = isFlagsMode
        self.origin = origin
    }

    /// Names each flag by itself, as flags mode does.
    public static let flags = FlagOrigins(isFlagsMode: true) { $0 }

    /// What gave the value flags mode gives by `flag`.
    public func callAsFunction(_ flag: String) -> String {
        origin(flag)
    }
}
