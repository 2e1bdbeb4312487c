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

    /// `options` with ptasker's command (unless `-C` names one, or `--source` a source) and, with an arguments file,
    /// `HOSTNAME` set from each line (unless `-E` names variables); and `arguments` with the same additions spelled
    /// out as `-C` and `-E`, for the run's journal: a command line that means the same under any name, so that
    /// `prx --resume` of a ptasker run builds the same commands, with the same generated project. `generated` is
    /// the project made up for the run, if one was: `madeUp` when given (a daemon's, made up by its launcher),
    /// else a new one.
    static func apply(to options: PRX, arguments: [String], madeUp: String? = nil)
        -> (options: PRX, arguments: [String], generated: String?)
    {
        var adjusted = options
        var explicit = arguments
        var generated: String?
        // A source --source names takes its command from its settings, not from -C.
        if adjusted.command == nil && adjusted.sourceName == nil {
            let project = given(options.project) ?? madeUp ?? generatedProject()
            if given(options.project) == nil { generated = project }
            let command = "tasker @TASK@ -p " + ShellWords.quote(project) + " -r"
            adjusted.command = command
            explicit += ["-C", command]
        }
        if adjusted.argumentsFile != nil && adjusted.envVars == nil {
            adjusted.envVars = "HOSTNAME"
            explicit += ["-E", "HOSTNAME"]
        }
        return (adjusted, explicit, generated)
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

