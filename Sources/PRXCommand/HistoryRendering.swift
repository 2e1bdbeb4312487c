import Foundation
import PRXPlugins

/// How `prx history` shows runs and tasks: aligned text for people, JSON for machines.
enum HistoryRendering {
    /// One line per run: id, start, duration, tasks, succeeded, failed, state, command.
    static func table(runs: [RunRecord]) -> String {
        guard !runs.isEmpty else { return "No runs in the history." }
        var rows = [["RUN", "START", "DURATION", "TASKS", "OK", "FAILED", "STATE", "COMMAND"]]
        for run in runs {
            rows.append([
                run.runID, String(run.startTime.prefix(19)), run.duration.map { String(format: "%.2fs", $0) } ?? "-",
                String(run.taskCount), String(run.succeeded), String(run.failed), run.state.rawValue, run.commandLine,
            ])
        }
        return aligned(rows)
    }

    /// One line per task of `run`.
    static func table(tasksOf run: RunRecord) -> String {
        var lines = [
            "Run \(run.runID): \(run.state.rawValue), started \(run.startTime), in \(run.invocation.workingDirectory)",
            "Command: \(run.commandLine)",
            "",
        ]
        var rows = [["ID", "STATUS", "EXIT", "DURATION", "ATTEMPTS", "TASK"]]
        for task in run.tasks {
            rows.append([
                String(task.id), task.status, task.exitCode.map(String.init) ?? "-",
                task.duration.map { String(format: "%.2fs", $0) } ?? "-", String(task.attempts), task.label,
            ])
        }
        lines.append(aligned(rows))
        return lines.joined(separator: "\n")
    }

    /// The runs as a JSON array.
    static func json(runs: [RunRecord]) -> String {
        encode(runs.map(summary))
    }

    /// One run with its tasks as a JSON object.
    static func json(tasksOf run: RunRecord) -> String {
        var object = summary(of: run)
        object["tasks"] = run.tasks.map { task -> [String: Any] in
            [
                "id": task.id, "key": task.key, "label": task.label, "status": task.status,
                "exit_code": task.exitCode as Any, "duration": task.duration as Any, "attempts": task.attempts,
            ]
        }
        return encode(object)
    }

    private static func summary(of run: RunRecord) -> [String: Any] {
        [
            "run": run.runID, "start": run.startTime, "end": run.endTime as Any, "duration": run.duration as Any,
            "state": run.state.rawValue, "tasks": run.taskCount, "succeeded": run.succeeded, "failed": run.failed,
            "arguments": run.invocation.arguments, "cwd": run.invocation.workingDirectory,
        ]
    }

    private static func encode(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(
            withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed])) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func aligned(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
