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
        settingFiles(registry: registry, base: base)
            + ((source as? ParallelrTaskSource)?.writtenTaskFiles ?? []).map { ($0, claimOrigin(ofFlag: "-T"), .reads) }
    }

    /// The files the settings of the source this selection chose name (``inputFiles(readBy:registry:base:)``), known
    /// before the source is made.
    func settingFiles(registry: PluginRegistry, base: String) -> [ResultFileClaims.InputFile] {
        registry.inputFiles(ofSource: name, settings).map { setting, path in
            let named = RunPlan.sourceSettingFlags[name]?[setting].map(claimOrigin(ofFlag:))
                ?? .init(name: "\(name).\(setting)", position: position)
            return (SourceFileSystem.absolutePath(path, base: baseDirectories[setting] ?? base), named, .reads)
        }
    }

    /// What named a file by `flag` (`-A`), for its claim, with the recipe's line that chose the source.
    private func claimOrigin(ofFlag flag: String) -> ResultFileClaims.Origin {
        .init(name: origin(ofFlag: flag), position: position)
    }
}
