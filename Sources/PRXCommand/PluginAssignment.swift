import PRXPlugins

/// One `--set NAME.KEY=VALUE` of the command line: a setting of the chosen plugin called NAME.
struct PluginAssignment: Equatable {
    /// The plugin's name.
    var name: String
    /// The setting's key.
    var key: String
    /// The value, as text.
    var value: String
    /// The assignment as given, for messages.
    var text: String

    /// The `--set` as a refusal of its value names it, in front, where a configuration file's value is named by its
    /// file and line: `--set glob.ext=.` (`--set glob.ext=.: glob.ext '.' names no extension, …`).
    var place: String { "--set \(text)" }

    /// Reads `NAME.KEY=VALUE`.
    ///
    /// - Throws: ``CommandFailure`` for text of another form.
    init(parsing text: String) throws(CommandFailure) {
        guard let equals = text.firstIndex(of: "="),
            let dot = text[..<equals].firstIndex(of: "."),
            dot > text.startIndex, text.index(after: dot) < equals
        else {
            throw CommandFailure(message: "--set takes NAME.KEY=VALUE (got '\(text)')")
        }
        name = String(text[..<dot])
        key = String(text[text.index(after: dot)..<equals])
        value = String(text[text.index(after: equals)...])
        self.text = text
    }

    /// The error for an assignment to a plugin the run did not choose; `chosen` names those it did. A plugin of
    /// `registry` is named with how to choose it, `choosing` saying how (``PluginDescriptor/choiceByFlags``: `--set
    /// stop-limits.max_failure_rate=0.2: no selected plugin is called 'stop-limits' (choose stop-policy stop-limits
    /// with --enable-stop-limits; selected: glob, local, log, csv, output)`), as the warning of a configuration
    /// file's settings of an unchosen plugin tells; one `registry` lacks is an unknown plugin
    /// (``unknownPlugin()``).
    func noSuchPlugin(
        chosen: [String], registry: PluginRegistry, choosing: (PluginDescriptor) -> String
    ) -> CommandFailure {
        guard let descriptor = registry.descriptors.first(where: { $0.name == name }) else { return unknownPlugin() }
        let selected = chosen.joined(separator: ", ")
        let choice = descriptor.howToChoose(by: choosing)
        return CommandFailure(
            message: "\(place): no selected plugin is called '\(name)' (\(choice); selected: \(selected))")
    }

    /// The error for an assignment to a plugin no plugin is registered as, from a run as from `--validate-config` and
    /// `--show-config`: `--set nosuch.key=1: unknown plugin 'nosuch' (see 'prx plugins')`.
    func unknownPlugin() -> CommandFailure {
        CommandFailure(message: "\(place): unknown plugin '\(name)' (see '\(CommandName.plugins.asTyped)')")
    }
}
