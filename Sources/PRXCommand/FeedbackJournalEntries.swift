import PRXPlugins

extension RunPlan.Selection {
    /// What a run's journal keeps of this executor's feedback settings, for `prx status` and `prx feedback`: the
    /// absolute feedback directory (`feedback_dir`, ``feedbackDirectory(context:base:)``) and `heartbeat_timeout`,
    /// when the settings give tasks feedback files; nothing otherwise, a `feedback_dir` alone included.
    func feedbackJournalEntries(context: PluginContext, base: String) -> [String: String] {
        guard let directory = feedbackDirectory(context: context, base: base) else { return [:] }
        var entries = ["feedback_dir": directory.path]
        entries["heartbeat_timeout"] = settings["heartbeat_timeout"]?.text
        return entries
    }
}
