/// Where an effective configuration value came from, for `--show-config` and for warnings.
enum ConfigurationSource: Sendable, Hashable {
    /// prx's hard-coded default.
    case defaultValue
    /// The script configuration file, at this line.
    case scriptFile(path: String, line: Int)
    /// The user configuration file, at this line.
    case userFile(path: String, line: Int)
    /// A command-line flag, e.g. `-m`.
    case flag(String)
    /// The executor the run uses, which declares its own cap on workers (``ExecutorLimits/maxAllowedWorkers``) in
    /// place of the configuration's, e.g. `slurm`.
    case executor(String)

    /// The tier: a value from a higher tier overrides one from a lower tier.
    var tier: Int {
        switch self {
        case .defaultValue: 0
        case .scriptFile: 1
        case .userFile: 2
        case .flag, .executor: 3
        }
    }

    /// Whether the value comes from a configuration file, the script's or the user's.
    var isFile: Bool {
        switch self {
        case .scriptFile, .userFile: true
        case .defaultValue, .flag, .executor: false
        }
    }

    /// The short form `--show-config` writes after a value: `default`, `script: PATH`, `user: PATH`, `flag: -m`,
    /// `executor: slurm`.
    var label: String {
        switch self {
        case .defaultValue: "default"
        case .scriptFile(let path, _): "script: \(path)"
        case .userFile(let path, _): "user: \(path)"
        case .flag(let name): "flag: \(name)"
        case .executor(let name): "executor: \(name)"
        }
    }

    /// Where a warning about the value points: `PATH:LINE` for a file, the flag's name, `executor NAME`, or
    /// `default`.
    var location: String {
        switch self {
        case .defaultValue: "default"
        case .scriptFile(let path, let line), .userFile(let path, let line): "\(path):\(line)"
        case .flag(let name): name
        case .executor(let name): "executor \(name)"
        }
    }
}
