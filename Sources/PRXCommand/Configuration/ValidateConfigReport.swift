import PRXPlugins

/// The text `--validate-config` prints, as parallelr prints it.
///
/// ```text
/// ✓ Configuration is valid
/// ✓ Script config: /opt/prx/cfg/parallelr.yaml (fallback from ptasker.yaml)
///   User config: Not found (using defaults)
/// ✓ Working dir: /home/me/prx/workspace
/// ✓ Log dir: /home/me/parallelr/logs
/// ✓ Workspace mode: Shared
/// ✓ Workers: 20 (max allowed: 100)
/// ✓ Timeout: 600s (max allowed: 3600s)
/// ```
///
/// Warnings are not part of the report: they go to the warning channel, like every run's. Entries the files hold that
/// prx could not take are: the report is then a list of them, and `--validate-config` fails. Each report ends with its
/// last line's line feed, and is printed as it is, with no line after it.
enum ValidateConfigReport {
    /// The exit status of `--validate-config` when a file cannot be used.
    static let invalidExitStatus: Int32 = 1

    /// The report of a configuration that loaded, with the run's working and log directories; the control
    /// characters of the paths it names written as escapes, as an error line's are, so that each is one line.
    static func render(_ loaded: LoadedConfiguration, workingDirectory: String, logDirectory: String) -> String {
        let limits = loaded.effective.limits
        return [
            "✓ Configuration is valid",
            fileLine("Script config", loaded.scriptFile?.description, notFound: loaded.files.scriptNotFound),
            fileLine("User config", loaded.files.userDescription, notFound: loaded.files.userNotFound),
            "✓ Working dir: \(workingDirectory)",
            "✓ Log dir: \(logDirectory)",
            "✓ Workspace mode: \(loaded.effective.execution.workspaceIsolation ? "Isolated" : "Shared")",
            "✓ Workers: \(limits.maxWorkers) (max allowed: \(limits.maxAllowedWorkers))",
            "✓ Timeout: \(limits.timeoutSeconds)s (max allowed: \(limits.maxAllowedTimeout)s)",
        ].map(ControlCharacterEscaping.escaped).joined(separator: "\n") + "\n"
    }

    /// The report of entries the files hold that prx could not take (``LoadedConfiguration/rejections``), one
    /// line each, its control characters written as escapes as an error line's are (a file's path may hold a line
    /// break); printed with exit status ``invalidExitStatus``, as parallelr's for values its checks refuse.
    static func render(rejections: [String]) -> String {
        "✗ Configuration validation failed:\n"
            + rejections.map { "  - \(ControlCharacterEscaping.escaped($0))\n" }.joined()
    }

    /// The report of a file that cannot be used, on one line as an error line is; printed with exit status
    /// ``invalidExitStatus``.
    static func render(failure: ConfigurationError) -> String {
        "✗ Configuration is invalid: \(ControlCharacterEscaping.escaped(failure.message))\n"
    }

    private static func fileLine(_ title: String, _ description: String?, notFound: String) -> String {
        guard let description else { return "  \(title): \(notFound)" }
        return "✓ \(title): \(description)"
    }
}
