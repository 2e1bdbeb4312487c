import PRXPlugins

extension PluginRegistry {
    /// Refuses `name` when the registry has no plugin of `kind` by it, in the words a run refuses it: `unknown sink
    /// 'bogus' (valid: csv, json, log, output)`. The flags that name plugins (`--source`, `--sink`, `--stop-policy`)
    /// are checked so before any other check of them, so that a mistyped name is what is said first.
    func refuseUnknown(_ kind: PluginKind, named name: String) throws(CommandFailure) {
        do {
            _ = try descriptor(kind, named: name)
        } catch {
            throw CommandFailure(message: error.description)
        }
    }
}
