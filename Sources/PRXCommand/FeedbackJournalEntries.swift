import PRXPlugins

extension RunPlan.Selection {
    /// What a run's journal keeps of this executor's feedback settings, for `prx status` and `prx feedback`: the
    /// absolute feedback directory (`feedback_dir`) and `heartbeat_timeout`, when the settings give tasks feedback
    /// files (``FeedbackSettings/isOn(feedback:heartbeatTimeout:)``); nothing otherwise, a `feedback_dir` alone
    /// included. A relative directory is taken from the recipe's directory when the recipe gave it, else from
    /// `base`, the current directory, as the executor takes it, and a named one gets the run's subdirectory, as the
    /// executor gives it (``FeedbackSettings``).
    func feedbackJournalEntries(context: PluginContext, base: String) -> [String: String] {
        guard FeedbackSettings.isOn(
            feedback: settings["feedback"].flatMap(PluginSettings.truth),
            heartbeatTimeout: settings["heartbeat_timeout"].flatMap(Double.init))
        else { return [:] }
        let directory = FeedbackSettings.directory(
            named: settings["feedback_dir"], logFiles: context.logFiles, base: baseDirectories["feedback_dir"] ?? base,
            runID: context.runID)
        var entries = ["feedback_dir": directory]
        entries["heartbeat_timeout"] = settings["heartbeat_timeout"]
        return entries
    }
}
