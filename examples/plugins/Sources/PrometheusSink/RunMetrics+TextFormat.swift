import Foundation
import PRXKernel

extension RunMetrics {
    /// The figures in Prometheus's text exposition format, each metric with its `# HELP` and `# TYPE` lines:
    ///
    /// - `prx_tasks_total{status="…"}`, a counter per status, every status present;
    /// - `prx_task_duration_seconds`, a histogram (`_bucket{le="…"}` cumulative up to `+Inf`, `_sum`, `_count`);
    /// - `prx_tasks_running`, a gauge;
    /// - `prx_run_start_timestamp_seconds`, a gauge, once the run has begun;
    /// - `prx_run_end_timestamp_seconds`, a gauge, once the run has ended.
    public var textFormat: String {
        var text = ""
        text += "# HELP prx_tasks_total Tasks finished, by status.\n"
        text += "# TYPE prx_tasks_total counter\n"
        for status in TaskStatus.allCases {
            text += "prx_tasks_total{status=\"\(status.rawValue)\"} \(tasksByStatus[status] ?? 0)\n"
        }
        text += "# HELP prx_task_duration_seconds Durations of the tasks that ran, in seconds.\n"
        text += "# TYPE prx_task_duration_seconds histogram\n"
        let cumulative = durations.cumulativeCounts
        for (bound, count) in zip(durations.bounds.map(Self.number) + ["+Inf"], cumulative) {
            text += "prx_task_duration_seconds_bucket{le=\"\(bound)\"} \(count)\n"
        }
        text += "prx_task_duration_seconds_sum \(Self.number(durations.sum))\n"
        text += "prx_task_duration_seconds_count \(durations.count)\n"
        text += "# HELP prx_tasks_running Tasks running now.\n"
        text += "# TYPE prx_tasks_running gauge\n"
        text += "prx_tasks_running \(tasksRunning)\n"
        if let runStart {
            text += "# HELP prx_run_start_timestamp_seconds When the run began, in seconds since the epoch.\n"
            text += "# TYPE prx_run_start_timestamp_seconds gauge\n"
            text += "prx_run_start_timestamp_seconds \(Self.number(runStart.timeIntervalSince1970))\n"
        }
        if let runEnd {
            text += "# HELP prx_run_end_timestamp_seconds When the run ended, in seconds since the epoch.\n"
            text += "# TYPE prx_run_end_timestamp_seconds gauge\n"
            text += "prx_run_end_timestamp_seconds \(Self.number(runEnd.timeIntervalSince1970))\n"
        }
        return text
    }

    /// A value as the text format writes it: whole numbers without a fraction (`600`, not `600.0`), others as
    /// Swift's shortest exact form, which Prometheus parses.
    private static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return String(value)
    }
}
