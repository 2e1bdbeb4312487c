import Foundation
import PRXPlugins

extension LuaWriteGuard {
    /// A guard for the `prx.write` of a Lua file (a recipe, a `--hook` file) that refuses, as it loads, the result
    /// files named before it loads (``refuseWhileLoading(_:namedBy:)``): standard output and error, `jsonFile`
    /// (`--json`), and every sink's `path` that `settings` (`--set`) or `configuration`'s files give, taken from the
    /// directory prx runs in. Whether or not a setting given later replaces it, such a file is where a run puts its
    /// results: written over as the Lua file loads, a previous run's would be lost before the run could tell. It
    /// refuses, as it loads, the files among `inputFiles` the run reads by their paths (``ResultFileClaims/Use/reads``:
    /// the recipe, the Lua files of flags mode, the configuration files, `-A`), which the Lua code would spoil.
    static func refusingResultFilesNamedBeforeLoading(
        jsonFile: String?, settings: [String], configuration: LoadedConfiguration, registry: PluginRegistry,
        inputFiles: [ResultFileClaims.InputFile]
    ) -> LuaWriteGuard {
        let guarding = LuaWriteGuard()
        for input in inputFiles where input.use == .reads {
            guarding.refuseWhileLoading(input: input.path, readBy: input.origin.description)
        }
        let base = FileManager.default.currentDirectoryPath
        func refuse(_ path: String, _ origin: String) {
            guarding.refuseWhileLoading(SourceFileSystem.absolutePath(path, base: base), namedBy: origin)
        }
        refuse("/proc/self/fd/1", "standard output")
        refuse("/proc/self/fd/2", "standard error")
        if let jsonFile { refuse(jsonFile, "--json") }
        let sinks = registry.descriptors.filter { $0.kind == .sink }.map(\.name)
        for assignment in settings.compactMap({ try? PluginAssignment(parsing: $0) })
        where assignment.key == "path" && sinks.contains(assignment.name) {
            refuse(assignment.value, "\(assignment.name).path (--set)")
        }
        for sink in sinks {
            guard let path = configuration.pluginSettings(for: sink)["path"]?.text,
                let place = configuration.placesInFiles(ofPlugin: sink)["path"]
            else { continue }
            refuse(path, "\(sink).path (\(place))")
        }
        return guarding
    }
}
