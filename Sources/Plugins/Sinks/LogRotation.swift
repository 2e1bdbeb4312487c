/// When and where a ``RunLog`` rotates: when a line would take the file past `maxBytes`, into `backupCount`
/// files, the log's path plus `.1`, `.2`, …, as Python's `RotatingFileHandler` does. A `maxBytes` or
/// `backupCount` of 0 never rotates.
public struct LogRotation: Sendable, Hashable {
    /// The size past which the file rotates.
    public var maxBytes: Int
    /// How many rotated files are kept.
    public var backupCount: Int

    /// A rotation past `maxBytes` into `backupCount` files.
    public init(maxBytes: Int, backupCount: Int) {
        self.maxBytes = maxBytes
        self.backupCount = backupCount
    }

    /// The rotation the `log` sink's checked `settings` ask for: `max_log_size_mb` (MiB) and `backup_count`.
    public init(settings: PluginSettings) {
        let megabytes = settings.number("max_log_size_mb") ?? Double(RunLog.defaultMaxBytes) / 1_048_576
        self.init(
            maxBytes: Int(megabytes * 1_048_576),
            backupCount: settings.integer("backup_count") ?? RunLog.defaultBackupCount)
    }

    /// The most rotated files a log keeps: each rotation renames every one of them, and a run claims each of
    /// their names before it starts, so a count in the millions would stall the run at every rotation.
    public static let mostBackups = 1000

    /// Whether the log rotates at all.
    public var rotates: Bool { maxBytes > 0 && backupCount > 0 }

    /// The path of the log at `path` once rotated `number` times: `path.number`.
    public static func backupPath(of path: String, number: Int) -> String { "\(path).\(number)" }

    /// The renames one rotation of the log at `path` makes, in their order: each backup onto the next one up, the
    /// oldest kept first (`path.4` onto `path.5`, which it replaces), the log itself (onto `path.1`) last. The
    /// rotation (``RunLog``) skips a rename whose source is not there, as Python's handler does. None when it never
    /// rotates.
    public func renames(of path: String) -> [(source: String, destination: String)] {
        guard rotates else { return [] }
        return stride(from: backupCount - 1, through: 0, by: -1).map { index in
            (index == 0 ? path : Self.backupPath(of: path, number: index), Self.backupPath(of: path, number: index + 1))
        }
    }

    /// Every file the log at `path` is renamed to as it rotates, each replacing what is there: `path.1` to
    /// `path.backupCount`; none when it never rotates.
    public func backupPaths(of path: String) -> [String] {
        rotates ? (1...backupCount).map { Self.backupPath(of: path, number: $0) } : []
    }
}
