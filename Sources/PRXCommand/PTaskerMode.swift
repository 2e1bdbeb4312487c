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
    /// each line (unless `-E` names variables).
    static func apply(to options: PRX) -> PRX {
        var adjusted = options
        if adjusted.command == nil {
            adjusted.command = "tasker @TASK@ -p " + ShellWords.quote(options.project ?? generatedProject()) + " -r"
        }
        if adjusted.argumentsFile != nil && adjusted.envVars == nil {
            adjusted.envVars = "HOSTNAME"
        }
        return adjusted
    }

    /// A project name like parallelr's: `parallelr_` and six hex digits.
    static func generatedProject() -> String {
        "parallelr_" + String(format: "%06x", UInt32.random(in: 0...0xFF_FFFF))
    }
}

