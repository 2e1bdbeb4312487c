import PRXKernel

extension TaskResult {
    /// What parallelr's files call the task file, of the task's `task_file` metadata `file`
    /// (``TaskMetadataKey/taskFile``, read by the caller with the other metadata it records): `file` when a source set
    /// it (the task file, or the template in arguments mode), else the task's label.
    func taskFile(given file: String?) -> String {
        if let file, !file.isEmpty { return file }
        return task.label
    }

    /// The exit code as parallelr reported it (Python's `returncode`): the code when the process exited,
    /// minus the signal number when a signal ended it, `nil` when it never ran or ran past its time limit (prx
    /// stopped it; parallelr's summary leaves a `TIMEOUT` row's exit code empty).
    var reportedExitCode: Int32? {
        guard status != .timeout else { return nil }
        switch termination {
        case .exited(let code): return code
        case .signaled(let signal): return -signal
        case nil: return nil
        }
    }

    /// `after 3 attempts` for a task that was retried, `nil` for one that ran once (or never): what the final
    /// row of the summary CSV, the log and the output file add, parallelr's formats having no attempts column.
    var retriedNote: String? {
        attempts > 1 ? "after \(attempts) attempts" : nil
    }

    /// The `error_message` of the summary CSV: the result's message, then ``retriedNote``, joined by `; `.
    var errorMessageWithAttempts: String {
        // A task that ran once has its message alone: no array to build, filter and join for each row.
        guard let retriedNote else { return message ?? "" }
        return [message, retriedNote].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
