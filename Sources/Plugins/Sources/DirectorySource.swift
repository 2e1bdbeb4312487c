import PRXKernel

/// The regular files directly inside one directory, each run through a command template as in file mode: the
/// `dir` source.
public struct DirectorySource: TaskSource {
    private var tasks: TaskFileSource

    /// Lists `directory` now and yields its files' tasks when pulled.
    ///
    /// - Throws: ``TaskFileCollection/CollectionError`` when `directory` is not a readable directory or holds no
    ///   (matching) regular file.
    public init(
        directory: String,
        extensions: FileExtensionFilter? = nil,
        command: CommandTemplate,
        settings: TaskSettings = TaskSettings(),
        baseDirectory: String? = nil
    ) throws(TaskFileCollection.CollectionError) {
        let collection = try TaskFileCollection.directory(
            directory, extensions: extensions, baseDirectory: baseDirectory)
        tasks = TaskFileSource(collection: collection, command: command, settings: settings)
    }

    public mutating func next() throws -> TaskSpec? {
        try tasks.next()
    }
}
