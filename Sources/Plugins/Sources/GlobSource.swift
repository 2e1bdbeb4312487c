import PRXKernel

/// The regular files matching a shell pattern (`/data/*.csv`), each run through a command template as in file
/// mode: the `glob` source.
public struct GlobSource: TaskSource {
    private var tasks: TaskFileSource

    /// Expands `pattern` now and yields its files' tasks when pulled.
    ///
    /// - Throws: ``TaskFileCollection/CollectionError`` when nothing matches or no match is a (matching) regular file.
    public init(
        pattern: String,
        extensions: FileExtensionFilter? = nil,
        command: CommandTemplate,
        settings: TaskSettings = TaskSettings(),
        baseDirectory: String? = nil
    ) throws(TaskFileCollection.CollectionError) {
        let collection = try TaskFileCollection.matching(pattern, extensions: extensions, baseDirectory: baseDirectory)
        tasks = TaskFileSource(collection: collection, command: command, settings: settings)
    }

    public mutating func next() throws -> TaskSpec? {
        try tasks.next()
    }
}
