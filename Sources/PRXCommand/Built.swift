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

/// Runs `body`, which makes the plugin of `kind` that `selection` chose or checks its settings, as ``built(_:)`` does,
/// its error's message preceded by `position`, where a recipe chose or configured what failed (`recipe.lua:3: cannot
/// open …`); an error refusing a value names where that value came from instead
/// (``RunPlan/Selection/place(ofSetting:otherwise:)``): the configuration file's line, as `--validate-config` does
/// (`prx.yaml:3: unknown separator 'bogus' (args-file.separator); …`), the recipe's line that gave it (its `prx.set`),
/// or no place for a `--set`. The value is a value refused alone, or the one a failure names
/// (``CommandFailure/setting``, `prx.yaml:3: cannot open arguments file …`). An error of no one value, without
/// `position`, is named at the configuration files' place of the plugin, its `NAME:` line under `plugins:`
/// (``RunPlan/Selection/placeInFiles``), and the values it refuses together are named each with its place or flag, as
/// `--validate-config` names them. The error a plugin threw is named as that plugin's
/// (``PluginRegistry/message(_:of:named:)``: `sink 'prometheus': …`).
func built<T>(
    making selection: RunPlan.Selection, _ kind: PluginKind, with registry: PluginRegistry,
    at position: LuaSourcePosition? = nil, _ body: () throws -> T
) throws(CommandFailure) -> T {
    do {
        return try body()
    } catch {
        let failure = error as? CommandFailure ?? CommandFailure(message: "\(error)")
        // What the plugin threw is named as its own; the command's messages say what they are about already.
        var message = error is CommandFailure
            ? failure.message : registry.message(failure.message, of: kind, named: selection.name)
        let place: String?
        let refused = failure.setting ?? selection.setting(ofValueRefusedWith: failure.message, kind, by: registry)
        if let setting = refused {
            // A setting's own place (none for a --set's), else the recipe line that made the selection.
            place = selection.place(ofSetting: setting, otherwise: position?.description)
        } else if let position {
            place = position.description
        } else if let inFiles = selection.placeInFiles {
            place = inFiles.place
            if selection.refusesValuesTogether(with: failure.message, kind, by: registry) {
                message += inFiles.settings
            }
        } else {
            place = nil
        }
        throw CommandFailure(message: RecipeError.message(message, at: place), exitStatus: failure.exitStatus)
    }
}
