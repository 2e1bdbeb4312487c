import Foundation
import PRXPlugins

/// prx invoked as `ptasker` (a symlink): parallelr's TASKER mode, where the command is built for the user.
///
/// The command is `tasker @TASK@ -p <project> -r`, the project `-p/--project` or a generated
/// `parallelr_<6 hex digits>`, and with an arguments file each line sets `HOSTNAME`. The configuration files are
/// looked for as `ptasker.yaml` first (see the configuration locator).
enum PTaskerMode {
    /// Whether prx runs under the name `ptasker`.
    static var isActive: Bool {
        URL(fileURLWithPath: CommandLine.arguments.first ?? "prx").lastPathComponent == "ptasker"
    }

    /// `options` with ptasker's command (unless `-C` names one) and, with an arguments file, `HOSTNAME` set from
    /// each line (unless `-E` names variables); and `arguments` with the same additions spelled out as `-C` and
    /// `-E`, for the run's journal: a command line that means the same under any name, so that
    /// `prx --resume` of a ptasker run builds the same commands, with the same generated project.
    static func apply(to options: PRX, arguments: [String]) -> (options: PRX, arguments: [String]) {
        var adjusted = options
        var explicit = arguments
        if adjusted.command == nil {
            let command = "tasker @TASK@ -p " + ShellWords.quote(options.project ?? generatedProject()) + " -r"
            adjusted.command = command
            explicit += ["-C", command]
        }
        if adjusted.argumentsFile != nil && adjusted.envVars == nil {
            adjusted.envVars = "HOSTNAME"
            explicit += ["-E", "HOSTNAME"]
        }
        return (adjusted, explicit)
    }

    /// A project name like parallelr's: `parallelr_` and six hex digits.
    static func generatedProject() -> String {
        "parallelr_" + String(format: "%06x", UInt32.random(in: 0...0xFF_FFFF))
    }
}

