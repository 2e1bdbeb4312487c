import PRXPlugins

extension LoadedConfiguration {
    /// Refuses, as a run of the plugin refuses at its start, a `plugins:` or `--set` value that the plugin it is
    /// given to refuses when made (``PluginRegistry/checkValues(of:_:)``): a `glob.ext` that names no extension, an
    /// unknown `args-file.separator`, a required setting given empty. For `--validate-config`, which would otherwise
    /// pass a configuration that every run of that plugin refuses.
    ///
    /// - Throws: ``CommandFailure`` with the run's one-line message, naming the setting, and its exit status.
    func checkPluginValues(with registry: PluginRegistry) throws(CommandFailure) {
        for (name, settings) in effective.plugins.sorted(by: { $0.key < $1.key }) {
            do {
                try registry.checkValues(of: name, settings)
            } catch let error as any FlagNamingError {
                // No flag gives a configuration's settings: the message names the setting.
                throw CommandFailure(message: error.described(naming: RunPlan.Selection(name: name).origin(ofFlag:)))
            } catch {
                throw CommandFailure(message: String(describing: error))
            }
        }
    }
}
