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
    /// `$PRX_HOME/cfg`, when `PRX_HOME` is set: the one place the user configuration is looked for.
    var userDirectoryOfPRXHome: String?

    /// How `--validate-config`, `--show-config` and a run's log say that there is no script file: where it was
    /// looked for when `PRX_CONFIG_DIR` chose the place, so that a directory without it is not passed over unsaid.
    var scriptNotFound: String {
        Self.notFound(in: scriptDirectoryVariable.map { ("PRX_CONFIG_DIR", $0) })
    }

    /// How `--validate-config`, `--show-config` and a run's log say that there is no user file: where it was looked
    /// for when `PRX_HOME` chose the place (`Not found in PRX_HOME /x/cfg (using defaults)`), so that the files under
    /// `~`, which are then not looked in, are not taken for read.
    var userNotFound: String {
        Self.notFound(in: userDirectoryOfPRXHome.map { ("PRX_HOME", $0) })
    }

    /// How `--validate-config`, `--show-config` and a run's log name the user file: its
    /// ``ConfigurationFile/description``, saying so when it is the script file; `nil` when there is none.
    var userDescription: String? {
        guard let user else { return nil }
        return userIsScript ? user.description + " (the script config too: read once, as the script config)"
            : user.description
    }

    /// `Not found (using defaults)`, naming the variable that chose the one place looked in and that place, if one did.
    private static func notFound(in place: (variable: String, directory: String)?) -> String {
        let named = place.map { " in \($0.variable) \($0.directory.isEmpty ? "/" : $0.directory)" } ?? ""
        return "Not found\(named) (using defaults)"
    }
}
