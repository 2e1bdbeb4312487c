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

/// Runs `body`, which makes the plugin `selection` chose or checks its settings, as ``built(_:)`` does, its error's
/// message preceded by `position`, where a recipe chose what failed (`recipe.lua:3: cannot open …`); an error
/// refusing a value names where that value came from instead (``RunPlan/Selection/place(ofSetting:otherwise:)``):
/// the configuration file's line, as `--validate-config` does (`prx.yaml:3: unknown separator 'bogus'
/// (args-file.separator); …`), the recipe's line that gave it (its `prx.set`), or no place for a `--set`. The value
/// is a value refused alone, or the one a failure names (``CommandFailure/setting``, `prx.yaml:3: cannot open
/// arguments file …`).
func built<T>(
    making selection: RunPlan.Selection, with registry: PluginRegistry, at position: LuaSourcePosition? = nil,
    _ body: () throws -> T
) throws(CommandFailure) -> T {
    do {
        return try built(body)
    } catch {
        let setting = error.setting ?? selection.setting(ofValueRefusedWith: error.message, by: registry)
        // A setting's own place (none for a --set's), else the recipe line that made the selection.
        let place = if let setting {
            selection.place(ofSetting: setting, otherwise: position?.description)
        } else {
            position?.description
        }
        throw CommandFailure(message: RecipeError.message(error.message, at: place), exitStatus: error.exitStatus)
    }
}
