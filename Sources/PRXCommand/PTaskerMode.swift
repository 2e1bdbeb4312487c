import ArgumentParser
import Foundation
import PRXPlugins

/// prx invoked as `ptasker` (a symlink; any name starting with `ptasker`, ``InvocationName/isPtasker``): parallelr's
/// TASKER mode, where the command is built for the user.
///
/// The command is `tasker @TASK@ -p <project> -r`, the project `-p/--project` or, when none is given (or it is
/// empty), a generated `parallelr_<6 hex digits>`, which the run names at its start; with an arguments file each
/// line sets `HOSTNAME` and `-T` gives the template file. The configuration files are looked for as
/// `ptasker.yaml` first (see the configuration locator). A `-C` replaces the command, `-p` then unused.
enum PTaskerMode {
    /// The environment variable in which a `ptasker -D` launcher hands the daemon the project it made up and named
    /// to the user, so that the daemon uses that one and names it in its log as made up.
    static let madeUpProjectVariable = "PRX_PTASKER_PROJECT"

    /// The entry of the run's journal settings that records the project prx made up for a ptasker run, if it made
    /// one up, so that `--resume` builds the same commands (``apply(to:madeUp:)`` given it as `madeUp`), while the
    /// journal's arguments stay the words the user typed, which `prx history` shows.
    static let madeUpProjectEntry = "ptasker_project"

    /// `options` with ptasker's command (unless `-C` names one, or `--source` a source) and, with an arguments file,
    /// `HOSTNAME` set from each line (unless `-E` names variables). `generated` is the project made up for the run,
    /// if one was: `madeUp` when given (a daemon's, made up by its launcher, or the one a resumed run recorded), else a
    /// new one. The run's journal records the arguments as the user gave them and `generated` as
    /// ``madeUpProjectEntry``, from which a resumption, under the name ptasker, builds the same commands.
    static func apply(to options: PRX, madeUp: String? = nil) -> (options: PRX, generated: String?) {
        var adjusted = options
        var generated: String?
        // A source --source names takes its command from its settings, not from -C.
        if adjusted.command == nil && adjusted.sourceName == nil {
            let project = given(options.project) ?? madeUp ?? generatedProject()
            if given(options.project) == nil { generated = project }
            adjusted.command = "tasker @TASK@ -p " + ShellWords.quote(project) + " -r"
        }
        if adjusted.argumentsFile != nil && adjusted.envVars == nil {
            adjusted.envVars = "HOSTNAME"
        }
        return (adjusted, generated)
    }

    /// Has the messages of `plan`'s source name ptasker's `HOSTNAME` (``apply(to:madeUp:)``) as ptasker's where
    /// `typed`, the flags as the user gave them, has no `-E`: they named it `-E`, a flag the user never gave
    /// (`hosts.txt:1: 2 fields but 1 environment variable name (-E)`). A `--set args-file.env` that replaced it is
    /// named as before.
    static func nameItsVariable(in plan: inout RunPlan, typed: PRX) {
        guard typed.envVars == nil, plan.source?.givenByFlags["env"] != nil else { return }
        plan.source?.givenByPrx["-E"] = "HOSTNAME, set by ptasker mode"
    }

    /// Refuses ptasker's tasker command (``apply(to:madeUp:)``, given as `asRun`'s command when `typed` has no `-C`)
    /// when `source`, the arguments file source `-A` chose, has no template: the command's `@TASK@` is the template
    /// file, which `-T`, a `--set` or the configuration's `args-file.template` gives, known only once the
    /// configuration is read. A run and `--validate-config` refuse it in the same words.
    static func refuseTaskerCommandWithoutTemplate(source: RunPlan.Selection?, typed: PRX, asRun: PRX) throws {
        guard typed.command == nil, let source, source.chosenByFlags,
            source.name == BuiltinPlugins.argumentsFile.name, source.settings["template"] == nil,
            source.settings["command"] == asRun.command.map(PluginSettingValue.text)
        else { return }
        throw ValidationError(
            "ptasker's command, tasker @TASK@ -p <project> -r, needs the template file with -A: give it with -T")
    }

    /// The project a `ptasker -D` launcher made up for this daemon (``madeUpProjectVariable``), if any.
    ///
    /// Call once, before any task starts: the variable is removed from the environment so no task inherits it.
    static func claimMadeUpProject(environment: [String: String]) -> String? {
        guard let project = environment[madeUpProjectVariable] else { return nil }
        ProcessWideSettings.removeEnvironmentVariable(madeUpProjectVariable)
        return given(project)
    }

    /// The project `-p` gives, `nil` for none or an empty one, which would give tasker an empty project.
    static func given(_ project: String?) -> String? {
        project.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A project name like parallelr's: `parallelr_` and six hex digits.
    static func generatedProject() -> String {
        "parallelr_" + String(format: "%06x", UInt32.random(in: 0...0xFF_FFFF))
    }
}

