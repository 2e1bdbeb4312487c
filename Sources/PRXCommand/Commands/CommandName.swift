/// prx's commands beside flags mode (`prx run recipe.lua`, `prx status`), each dispatched by its name as prx's first
/// argument (``CommandLineEntry/run(arguments:registry:)``): the one list of them, which the dispatch handles case by
/// case and a misspelt first argument is matched against (`did you mean prx status?`).
enum CommandName: String, CaseIterable {
    case run, plugins, feedback, status, history

    /// The command as it is typed, under the name prx was started by (``InvocationName/command``): `prx status`,
    /// `my-prx run`; its usage line and the hints that name it say so.
    var asTyped: String { "\(InvocationName.command) \(rawValue)" }
}
