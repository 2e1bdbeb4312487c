import PRXPlugins

/// Runs `body`; the one way the command turns a plugin's or recipe's error into its one-line message: errors that are
/// not already a ``CommandFailure`` become one, with exit status 2.
func built<T>(_ body: () throws -> T) throws(CommandFailure) -> T {
    do {
        return try body()
    } catch let failure as CommandFailure {
        throw failure
    } catch {
        throw CommandFailure(message: "\(error)")
    }
}

/// Runs `body` as ``built(_:)`` does, its error's message preceded by `position`, where a recipe chose what
/// failed (`recipe.lua:3: cannot open …`); unchanged when `position` is `nil`.
func built<T>(at position: LuaSourcePosition?, _ body: () throws -> T) throws(CommandFailure) -> T {
    do {
        return try built(body)
    } catch {
        let message = RecipeError(error.message, at: position).description
        throw CommandFailure(message: message, exitStatus: error.exitStatus)
    }
}
