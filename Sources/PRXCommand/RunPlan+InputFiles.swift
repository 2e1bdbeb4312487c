import PRXKernel
import PRXPlugins

extension RunPlan.Selection {
    /// The files the source this selection chose reads by their paths, from `/`, each with what named it, which no
    /// result file may be (``ResultFileClaims``): an `args-file` source's file (taken from the recipe's directory
    /// when the recipe gave it, else from `base`, the current directory, as the source takes it), and the task
    /// files or template file `source` found to be result files (``ParallelrTaskSource/writtenTaskFiles``). A
    /// recipe's line is the `prx.source` that chose it.
    func inputFiles(readBy source: any TaskSource, base: String) -> [ResultFileClaims.InputFile] {
        func origin(ofFlag flag: String) -> ResultFileClaims.Origin {
            .init(name: self.origin(ofFlag: flag), position: position)
        }
        var files: [ResultFileClaims.InputFile] = []
        if name == "args-file", let file = settings["file"]?.text {
            let path = SourceFileSystem.absolutePath(file, base: baseDirectories["file"] ?? base)
            files.append((path, origin(ofFlag: "-A"), .reads))
        }
        for taskFile in (source as? ParallelrTaskSource)?.writtenTaskFiles ?? [] {
            files.append((taskFile, origin(ofFlag: "-T"), .reads))
        }
        return files
    }
}
