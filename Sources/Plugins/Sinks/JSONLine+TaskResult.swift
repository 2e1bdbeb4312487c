import PRXKernel

extension JSONLine {
    /// Adds every field of a task result, as the JSON sink and the run journal both write it: `id`, `label`,
    /// `argv`, `status`, `exit_code`, `signal`, `start_time`, `end_time`, `duration`, `worker_id`, `job_id`,
    /// `host`, `memory_mb`, `cpu_percent`, `stdout`, `stderr`, `message`, `attempts`, `task_file`, and
    /// `feedback` (the task's final `[key]value` feedback as an object, `null` without feedback files).
    mutating func add(result: TaskResult, clock: inout LocalTimeConverter) {
        let (file, feedback) = result.task.metadataValues(TaskMetadataKey.taskFile, TaskResult.feedbackMetadataKey)
        add("id", result.task.id.rawValue)
        add("label", result.task.label)
        add("argv", result.task.argv)
        add("status", result.status.rawValue)
        add("exit_code", result.exitCode)
        if case .signaled(let signal) = result.termination {
            add("signal", signal)
        } else {
            add("signal", Int32?.none)
        }
        add("start_time", result.startTime.map { clock.convert($0) })
        add("end_time", clock.convert(result.endTime))
        add("duration", result.duration)
        add("worker_id", result.workerID > 0 ? result.workerID : nil)
        add("job_id", result.jobID)
        add("host", result.host)
        add("memory_mb", result.peakMemoryMB)
        add("cpu_percent", result.cpuPercent)
        add("stdout", result.stdoutTail)
        add("stderr", result.stderrTail)
        add("message", result.message)
        add("attempts", result.attempts)
        add("task_file", result.taskFile(given: file))
        add("feedback", json: feedback)
    }

    /// Adds a run's counts: `total` (the tasks finished), one count per status (``StatusCounts/names``:
    /// `succeeded`, `failed`, `timed_out`, `errored`, `cancelled`, `skipped`) and `failures`, those three statuses'
    /// counts added up.
    mutating func add(countsOf totals: RunStatistics) {
        add("total", totals.finished)
        add(counts: totals.counts)
    }

    /// Adds one count per status (``StatusCounts/names``) and `failures`.
    mutating func add(counts: StatusCounts) {
        for (status, name) in StatusCounts.names {
            add(Key(name), counts[status])
        }
        add(Key(StatusCounts.failuresName), counts.failures)
    }
}
