import PRXKernel
import PRXPlugins

extension PluginRegistry {
    /// The task source `selection` chose, made with `context` (and the directories its relative paths are taken
    /// from, ``RunPlan/Selection/baseDirectories``); an error that names the flag of a value
    /// (``FlagNamingError``) names what gave it instead (``RunPlan/Selection/origin(ofFlag:)``): a recipe's
    /// `prx.source` and a `--set` give settings, not flags, and the failure says which setting it names
    /// (``CommandFailure/setting``). So do the source's warnings and its tasks' errors
    /// (``FlagOrigins``), and a warning names the recipe line that chose the source. A source a custom build registered
    /// says its errors as the run goes as its own (``PluginNamingSource``).
    func makeSource(_ selection: RunPlan.Selection, context: PluginContext) throws -> any TaskSource {
        var context = selection.context(from: context)
        context.flagOrigins = selection.flagOrigins
        if let position = selection.position {
            let warn = context.warn
            context.warn = { message in warn(RecipeError(message, at: position).description) }
        }
        let source = try selection.namingWhatGaveValues {
            try makeSource(selection.name, settings: selection.settings, context: context)
        }
        guard !isBuiltIn(.source, named: selection.name) else { return source }
        return PluginNamingSource(base: source) { message($0, of: .source, named: selection.name) }
    }
}
