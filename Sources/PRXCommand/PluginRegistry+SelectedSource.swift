import PRXKernel
import PRXPlugins

extension PluginRegistry {
    /// The task source `selection` chose, made with `context`; an error that names the flag of a value
    /// (``FlagNamingError``) names what gave it instead (``RunPlan/Selection/origin(ofFlag:)``): a recipe's
    /// `prx.source` and a `--set` give settings, not flags.
    func makeSource(_ selection: RunPlan.Selection, context: PluginContext) throws -> any TaskSource {
        do {
            return try makeSource(selection.name, settings: selection.settings, context: context)
        } catch let error as any FlagNamingError {
            throw PluginError(error.described(naming: selection.origin(ofFlag:)))
        }
    }
}
