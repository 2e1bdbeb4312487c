import PRXPlugins

/// Where a run's feedback files go, and what names it in an error: the run's subdirectory of its executor's
/// `feedback_dir` (``FeedbackSettings/directory(named:logFiles:base:runID:)``), or the directory beside the log files.
struct RunFeedbackDirectory {
    /// The directory, from `/`.
    var path: String
    /// What the error of a directory that cannot be made names: `the feedback directory (local.feedback_dir)`, or
    /// `the feedback directory` for the one beside the log files.
    var name: String
    /// The configuration file's or recipe's line that gave `feedback_dir`, or the `--set` that gave it, if one did.
    var place: String?

    /// Creates the directory and its missing parents as the run starts, so that a `feedback_dir` that cannot hold it
    /// (a file, a directory prx may not write to) refuses the run with one line, where every task was an `ERROR` of
    /// its own ("cannot create feedback file …: Not a directory", or Foundation's words for `EACCES`). The error names
    /// the setting, and the system's reason.
    ///
    /// The corresponding C function is `mkdir` (``PRXHome/create(_:for:)``).
    func create() throws(CommandFailure) {
        do {
            try PRXHome.create(path, for: name)
        } catch {
            throw CommandFailure(message: RecipeError.message(error.message, at: place))
        }
    }
}

extension RunPlan.Selection {
    /// The run's feedback directory when this executor's settings give tasks feedback files
    /// (``FeedbackSettings/isOn(feedback:heartbeatTimeout:)``); `nil` otherwise, a `feedback_dir` alone included. A
    /// relative `feedback_dir` is taken from the recipe's directory when the recipe gave it, else from `base`, the
    /// current directory, as the executor takes it, and gets the run's subdirectory, as the executor gives it.
    func feedbackDirectory(context: PluginContext, base: String) -> RunFeedbackDirectory? {
        guard FeedbackSettings.isOn(
            feedback: settings["feedback"]?.text.flatMap(PluginSettings.truth),
            heartbeatTimeout: settings["heartbeat_timeout"]?.text.flatMap(PythonNumberText.decimal))
        else { return nil }
        let named = settings["feedback_dir"]?.text
        let path = FeedbackSettings.directory(
            named: named, logFiles: context.logFiles, base: baseDirectories["feedback_dir"] ?? base,
            runID: context.runID)
        guard named != nil else { return RunFeedbackDirectory(path: path, name: "the feedback directory") }
        return RunFeedbackDirectory(
            path: path, name: "the feedback directory (\(name).feedback_dir)",
            place: refusalPlace(ofSetting: "feedback_dir", otherwise: position?.description))
    }
}
