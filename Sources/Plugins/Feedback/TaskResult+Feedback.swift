import PRXKernel

extension TaskResult {
    /// The ``PRXKernel/TaskSpec/metadata`` key under which an executor with feedback files returns a task's
    /// final feedback, as ``FeedbackJSON`` text.
    ///
    /// A result has no field for it, so the local executor adds it to the metadata of the task it returns.
    public static let feedbackMetadataKey = "feedback"

    /// What the task's feedback file held when the task ended, or `nil` when it had none (feedback was off, or
    /// the task never started).
    public var feedback: [String: String]? {
        task.metadata[Self.feedbackMetadataKey].flatMap(FeedbackJSON.parse)
    }
}
