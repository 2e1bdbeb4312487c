import PRXPlugins

extension RunPlan {
    /// Refuses a flag that gives the executor a setting it does not have (``PRX/executorFlagSettings``:
    /// `--feedback` and `--heartbeat-timeout` with `--executor NAME`, whose executor has no `feedback`), naming the
    /// flag: the executor's own refusal, `unknown setting 'feedback' for executor 'NAME'`, named a setting the user
    /// never wrote. An executor `registry` does not know is left to the run's refusal of its name.
    ///
    /// - Throws: ``CommandFailure``, exit status 2.
    static func refuseExecutorFlags(of options: PRX, by registry: PluginRegistry) throws(CommandFailure) {
        let refused = options.executorFlagSettings.compactMap { setting -> (FlagPluginSetting, PluginDescriptor)? in
            guard let descriptor = try? registry.descriptor(.executor, named: setting.plugin),
                !descriptor.settings.contains(where: { $0.name == setting.key })
            else { return nil }
            return (setting, descriptor)
        }
        // `--heartbeat-timeout` gives `feedback` too, but is refused naming `heartbeat_timeout`, the setting it says,
        // which comes first.
        guard let (setting, descriptor) = refused.first else { return }
        let valid = descriptor.settings.map(\.name).sorted().joined(separator: ", ")
        throw CommandFailure(
            message: "\(setting.flag) is not taken with --executor \(setting.plugin), which has no setting "
                + "'\(setting.key)' (its settings: \(valid.isEmpty ? "none" : valid))")
    }
}
