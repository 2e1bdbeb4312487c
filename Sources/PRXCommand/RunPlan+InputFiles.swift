import PRXKernel
import PRXPlugins

extension RunPlan.Selection {
    /// The files the source this selection chose reads by their paths, from `/`, each with what named it, which no
    /// result file may be (``ResultFileClaims``): those the settings its registration declares name
    /// (``PluginRegistry/inputFiles(ofSource:_:)``: an `args-file` source's `file`, a plugin source's own), each taken
    /// from the recipe's directory when the recipe gave it, else from `base`, the current directory, as the source
    /// takes it, and named by the flag that gave it (`-A`) or the setting (`hosts.list`); and the task files or
    /// template file `source` found to be result files (``ParallelrTaskSource/writtenTaskFiles``). A recipe's line is
    /// the `prx.source` that chose it.
    func inputFiles(readBy source: any TaskSource, registry: PluginRegistry, base: String)
        -> [ResultFileClaims.InputFile]
    {
        func origin(ofFlag flag: String) -> ResultFileClaims.Origin {
            .init(name: self.origin(ofFlag: flag), position: position)
        }
        var files: [ResultFileClaims.InputFile] = []
        for (setting, path) in registry.inputFiles(ofSource: name, settings) {
            let named = RunPlan.sourceSettingFlags[name]?[setting].map(origin(ofFlag:))
                ?? .init(name: "\(name).\(setting)", position: position)
            files.append((SourceFileSystem.absolutePath(path, base: baseDirectories[setting] ?? base), named, .reads))
        }
        for taskFile in (source as? ParallelrTaskSource)?.writtenTaskFiles ?? [] {
            files.append((taskFile, origin(ofFlag: "-T"), .reads))
        }
        return files
    }
}
