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
/// or the `--set` that gave it (`--set glob.ext=.: glob.ext '.' names no extension, …`,
/// ``RunPlan/Selection/refusalPlace(ofSetting:otherwise:)``). The value is the one a failure names
/// (``CommandFailure/setting``, `prx.yaml:3: cannot open arguments file …`), or a value refused alone, as the plugin's
/// value check tells, else as the settings the plugin read through ``PluginSettings`` before it threw tell
/// (``PluginSettingReads``, ``RunPlan/Selection/setting(refusedWith:read:)``: a custom plugin's refusal of the one
/// value given it that it read, `--set notify.channel=nope: sink 'notify': no channel 'nope' …`). An error of no one
/// value, without `position`, is named at the configuration files' place of the plugin, its `NAME:` line under
/// `plugins:` (``RunPlan/Selection/placeInFiles``), and the values it refuses together are named each with its place or
/// flag, as `--validate-config` names them. The error a plugin threw is named as that plugin's
/// (``PluginRegistry/message(_:of:named:)``: `sink 'prometheus': …`). A setting that nothing gave a plugin the command
/// line chose (``PluginError/missingSetting``) is told how it is given, as a recipe's line would show where: `sink
/// 'json' needs the setting json.path (--set json.path=… or a configuration file)`.
func built<T>(
    making selection: RunPlan.Selection, _ kind: PluginKind, with registry: PluginRegistry,
    at position: LuaSourcePosition? = nil, _ body: () throws -> T
) throws(CommandFailure) -> T {
    let reads = PluginSettingReads()
    do {
        return try reads.noting(body)
    } catch {
        let failure = error as? CommandFailure ?? CommandFailure(message: "\(error)")
        // What the plugin threw is named as its own; the command's messages say what they are about already.
        var message = error is CommandFailure
            ? failure.message : registry.message(failure.message, of: kind, named: selection.name)
        let place: String?
        let together = selection.refusesValuesTogether(with: failure.message, kind, by: registry)
        // Values refused together are no one value, whichever of them the factory read.
        let refused = failure.setting ?? selection.setting(ofValueRefusedWith: failure.message, kind, by: registry)
            ?? (together
                ? nil : selection.setting(refusedWith: failure.message, read: reads.keys(of: kind, named: selection.name)))
        if let setting = refused {
            // A setting's own place (a --set's, the --set), else the recipe line that made the selection.
            place = selection.refusalPlace(ofSetting: setting, otherwise: position?.description)
        } else if let position {
            place = position.description
        } else if let inFiles = selection.placeInFiles {
            place = inFiles.place
            if together {
                message += inFiles.settings
            }
        } else {
            place = nil
        }
        // Without a recipe's line, nothing says where the setting is given: `--sink json` without `json.path`. One
        // given a value that gives nothing (`glob.patterns` of `,`) is named by what gave it, as any refused value.
        if position == nil, let missing = (error as? PluginError)?.missingSetting, selection.settings[missing] == nil {
            message += " (--set \(selection.name).\(missing)=… or a configuration file)"
        }
        throw CommandFailure(message: RecipeError.message(message, at: place), exitStatus: failure.exitStatus)
    }
}
