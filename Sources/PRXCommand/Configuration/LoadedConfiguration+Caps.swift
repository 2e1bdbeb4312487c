import PRXKernel
import PRXPlugins

extension LoadedConfiguration {
    /// A value held to its cap: the one asked for, and the key whose value capped it.
    struct HeldValue: Sendable, Equatable {
        /// The value the default, a file or a flag gave, above the cap (`600`).
        var asked: String
        /// The cap's key (`limits.max_allowed_timeout`).
        var capPath: String
        /// The warning that said so; `nil` for a default, which nobody asked for.
        var warning: String?
    }

    /// Holds every capped key (`max_workers`, `timeout_seconds`, `max_output_capture`) at or under its
    /// `max_allowed_*` cap, warning for each value a file or flag set above it; and so the `plugins:` entries that
    /// stand for a capped key (`plugins.local.max_output_capture`), with the file and line in the warning and the
    /// held value in `--show-config`.
    ///
    /// A file's whole number beyond 64 bits (``askedAbove64Bits``) is above every cap, and the warning quotes it as
    /// written, as parallelr, whose whole numbers have no bounds, caps it. A default above a lowered script cap is
    /// capped without a warning: nobody asked for it. Each value held, the default's too, is recorded
    /// (``heldToCaps``). A file's value that a `--set` replaces (``pluginSettingsGivenByFlags``) is left as it is,
    /// unused (one beyond 64 bits held, silently): only the value a run uses is capped and warned about. A file's
    /// value that a recipe's `prx.config` replaces is capped without a warning, as a default is, once the recipe has
    /// loaded (``dropCapWarnings(ofKeysReplacedByRecipe:)``).
    mutating func enforceCaps() {
        for mapping in Self.pluginKeys {
            let path = "plugins.\(mapping.plugin).\(mapping.setting)"
            guard !isReplacedByFlag(mapping.plugin, mapping.setting, valueAt: path),
                let capPath = ConfigurationKey.named(mapping.key)?.cappedBy,
                let cap = ConfigurationKey.named(capPath)?.integer(in: effective),
                let text = effective.plugins[mapping.plugin]?[mapping.setting]?.text,
                let value = PluginSettings.wholeNumber(text), value > cap
            else { continue }
            effective.plugins[mapping.plugin]?[mapping.setting] = .text(String(cap))
            // A `--set` names the setting as it is written there, as a run's warning does; a file's entry by its path.
            let source = source(of: path)
            let name = source.isFile ? path : "\(mapping.plugin).\(mapping.setting)"
            let warning = heldToCap(name, String(value), at: source.location, capPath: capPath, cap: cap)
            heldToCaps[path] = HeldValue(asked: String(value), capPath: capPath, warning: warning)
            warnings.append(warning)
        }
        for key in ConfigurationKey.all {
            let replaced = Self.pluginKeys.contains { mapping in
                mapping.key == key.path && isReplacedByFlag(mapping.plugin, mapping.setting, valueAt: key.path)
            }
            guard let capPath = key.cappedBy, let capKey = ConfigurationKey.named(capPath),
                let cap = capKey.integer(in: effective), let value = key.integer(in: effective)
            else { continue }
            let source = source(of: key.path)
            // A file's whole number beyond 64 bits, which the key holds as its largest, is above every cap, that
            // largest one too; held once (a second call finds the cap).
            let aboveRange = source.isFile ? askedAbove64Bits.removeValue(forKey: key.path) : nil
            guard aboveRange != nil || value > cap else { continue }
            guard !replaced else {
                // Unused, and so not warned about; held all the same rather than left the largest 64-bit number, a
                // value the file does not hold, which the run's journal would record for the key.
                if aboveRange != nil { key.setInteger(cap, in: &effective) }
                continue
            }
            key.setInteger(cap, in: &effective)
            let asked = aboveRange ?? String(value)
            let warning = source == .defaultValue
                ? nil : heldToCap(key.path, asked, at: source.location, capPath: capPath, cap: cap)
            heldToCaps[key.path] = HeldValue(asked: asked, capPath: capPath, warning: warning)
            if let warning { warnings.append(warning) }
        }
        holdTimeoutToTheLongestTimeLimit()
    }

    /// Holds `limits.timeout_seconds` at or under the longest time limit prx waits (``Swift/Duration/longestSeconds``,
    /// 1000000000 s), which a script's `max_allowed_timeout` may be above, with the words of a cap's warning:
    /// `prx.yaml:3: limits.timeout_seconds 5000000000 is above prx's longest time limit 1000000000; using
    /// 1000000000`. A value that `max_allowed_timeout` held already has that one warning in the place of its own, and
    /// is recorded as held (``heldToCaps``), so that a recipe's `prx.config{ timeout }` that replaces it drops the
    /// warning, as it drops any other cap's. A recipe's own timeout above it is refused, as out of its range.
    private mutating func holdTimeoutToTheLongestTimeLimit() {
        let path = "limits.timeout_seconds"
        let longest = Int(Duration.longestSeconds)
        let value = effective.limits.timeoutSeconds
        guard value > longest else { return }
        effective.limits.timeoutSeconds = longest
        let earlier = heldToCaps[path]
        if let warning = earlier?.warning { warnings.removeAll { $0 == warning } }
        let asked = earlier?.asked ?? String(value)
        let source = source(of: path)
        let warning = source == .defaultValue && earlier?.warning == nil
            ? nil
            : "\(source.location): \(path) \(asked) is above \(Self.longestTimeLimit) \(longest); using \(longest)"
        heldToCaps[path] = HeldValue(asked: asked, capPath: Self.longestTimeLimit, warning: warning)
        if let warning { warnings.append(warning) }
    }

    /// What a warning, and `--show-config`, call the longest time limit prx waits, where they name the cap that held a
    /// value.
    static let longestTimeLimit = "prx's longest time limit"

    /// Drops the warnings that the files' values of `keys` were held to their caps (``enforceCaps()``): a recipe's
    /// `prx.config` gives the run these keys in place of the files' (`limits.max_workers` for `workers` without `-m`,
    /// `limits.timeout_seconds` for `timeout`), so their values stay held, without a warning, as a default is. Which
    /// keys the recipe replaces is known once it has loaded, after the configuration was read for its write guard.
    mutating func dropCapWarnings(ofKeysReplacedByRecipe keys: Set<String>) {
        for path in keys {
            guard let warning = heldToCaps[path]?.warning else { continue }
            warnings.removeAll { $0 == warning }
        }
    }

    /// Whether a `--set` of the plugin setting `plugin`.`setting` replaces the value at `path` (that setting's, or
    /// the key's that stands for it): the value there is not the flag's own.
    private func isReplacedByFlag(_ plugin: String, _ setting: String, valueAt path: String) -> Bool {
        guard pluginSettingsGivenByFlags.contains("\(plugin).\(setting)") else { return false }
        if case .flag = source(of: path) { return false }
        return true
    }

    /// The warning that `value` of `name`, asked for at `place`, is held to the cap at `capPath`, `cap`:
    /// `PLACE: NAME VALUE is above CAP_PATH CAP (SOURCE); using CAP`, the words of every such warning, whatever
    /// gave the value: a file (`prx.yaml:3: limits.max_workers 80 …`, `prx.yaml:5:
    /// plugins.local.max_output_capture …`), a flag (`-m: limits.max_workers 80 …`), a `--set`
    /// (`--set: local.max_output_capture 5000 …`, from a run as from `--validate-config` and `--show-config`) or a
    /// recipe (`recipe.lua:2: prx.config workers 4 …`).
    func heldToCap(_ name: String, _ value: String, at place: String?, capPath: String, cap: Int) -> String {
        (place.map { "\($0): " } ?? "") + "\(name) \(value) is above \(described(capPath, cap)); using \(cap)"
    }

    /// `limits.max_allowed_workers 2 (script: /etc/prx.yaml)`: the cap at `capPath`, `cap`, as every warning about
    /// a value held to it names it.
    func described(_ capPath: String, _ cap: Int) -> String {
        "\(capPath) \(cap) (\(source(of: capPath).label))"
    }
}
