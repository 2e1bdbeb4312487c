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

    /// The error for an assignment to a plugin the run did not choose; `chosen` names those it did.
    func noSuchPlugin(chosen: [String]) -> CommandFailure {
        let selected = chosen.joined(separator: ", ")
        return CommandFailure(message: "--set \(text): no selected plugin is called '\(name)' (selected: \(selected))")
    }
}
