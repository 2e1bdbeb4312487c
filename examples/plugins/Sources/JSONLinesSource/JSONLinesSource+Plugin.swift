import PRXKernel
import PRXPlugins

extension JSONLinesSource {
    /// The plugin's declaration: the source `jsonl` and its setting `file`.
    public static let descriptor = PluginDescriptor(
        kind: .source, name: "jsonl",
        summary: "one task per line of a JSON Lines file (argv or sh, name, env, cwd, timeout), read as the run goes",
        settings: [PluginSetting("file", .string, required: true, help: "the JSON Lines file")])

    /// Builds the source from its checked settings: the file is relative to the context's base directory for it
    /// (the recipe's, when the recipe gave it), else the current directory, and takes the context's task settings
    /// as defaults.
    ///
    /// - Throws: ``PRXPlugins/PluginError`` when `file` is missing, ``JSONLinesError`` when it cannot be opened.
    public static func make(_ settings: PluginSettings, _ context: PluginContext) throws -> any TaskSource {
        try JSONLinesSource(
            file: try settings.required("file"),
            baseDirectory: context.baseDirectories["file"],
            taskSettings: context.taskSettings)
    }
}
