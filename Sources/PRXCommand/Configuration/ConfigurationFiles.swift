/// The two configuration files a run reads, either of which may be missing.
struct ConfigurationFiles: Sendable, Hashable {
    /// The script configuration, shipped beside the binary: it sets the caps and the security section.
    var script: ConfigurationFile?
    /// The user configuration: overrides, key by key, within the script's caps.
    var user: ConfigurationFile?
    /// Whether ``user`` is the file ``script`` is (parallelr's own layout: `~/parallelr/bin/` beside
    /// `~/parallelr/cfg/`, or `PRX_CONFIG_DIR=$PRX_HOME/cfg`), which is then read once, as the script configuration,
    /// as parallelr shows it as one "Script and User" file.
    var userIsScript = false
    /// The directory `PRX_CONFIG_DIR` names, when it is set: the one place the script configuration is looked for.
    var scriptDirectoryVariable: String?

    /// How `--validate-config`, `--show-config` and a run's log say that there is no script file: where it was
    /// looked for when `PRX_CONFIG_DIR` chose the place, so that a directory without it is not passed over unsaid.
    var scriptNotFound: String {
        let place = scriptDirectoryVariable.map { " in PRX_CONFIG_DIR \($0.isEmpty ? "/" : $0)" } ?? ""
        return "Not found\(place) (using defaults)"
    }

    /// How `--validate-config`, `--show-config` and a run's log name the user file: its
    /// ``ConfigurationFile/description``, saying so when it is the script file; `nil` when there is none.
    var userDescription: String? {
        guard let user else { return nil }
        return userIsScript ? user.description + " (the script config too: read once, as the script config)"
            : user.description
    }
}
