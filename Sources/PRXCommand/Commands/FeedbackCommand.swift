import ArgumentParser
import Foundation
import PRXKernel
import PRXPlugins

/// `prx feedback RUN TASK`: a task's feedback, the `[key]value` lines it wrote, as one line of JSON — its final
/// feedback from the run's journal once it ended, its feedback file while it runs, and also when the journal lacks
/// its end (a `LOST` task: prx exited before writing it), the file being all that is left of its feedback.
struct FeedbackCommand: ParsableCommand {
    /// How a run gives its tasks feedback files, in either mode: `prx run` takes no `--feedback`, `--set` both take.
    static let howToGiveFeedbackFiles = "(run with --feedback, or --set local.feedback=true)"

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: CommandName.feedback.asTyped,
            abstract: "Print a task's feedback (the [key]value lines it wrote) as JSON.")
    }

    @Argument(help: ArgumentHelp("The run, as '\(CommandName.history.asTyped)' names it.", valueName: "run"))
    var runID: String

    /// The task as given, read as its number by ``run()``, which refuses by name what is none.
    @Argument(help: ArgumentHelp("The task's id in that run (from 1).", valueName: "task"))
    var task: String

    /// `arguments` with `--` before the first that starts with `-` (`-1`, `-x`), so that it is the argument it stands
    /// for, which ``run()`` refuses by name: swift-argument-parser reads a word starting with `-` as an option, and
    /// said "Missing expected argument '<task>'" (its issue #31); the command has no option but `--help`. Not with
    /// `--help`, which shows the help still.
    static func argparseSpelling(_ arguments: [String]) -> [String] {
        guard !arguments.contains(where: { $0 == "--help" || $0 == "-h" }),
            let index = arguments.firstIndex(where: { $0.hasPrefix("-") }),
            arguments[index] != "--"
        else { return arguments }
        return Array(arguments[..<index]) + ["--"] + arguments[index...]
    }

    func run() throws {
        let runID = try RunIDArgument.checked(runID, argument: "run")
        let hint = "prx numbers a run's tasks from 1 (\(CommandName.history.asTyped) \(runID) lists them)"
        guard let taskID = Int(task) else {
            // A whole number past Int's range is a number still: it was called no task number.
            let problem = switch task.wholeMatch(of: /([+-]?)[0-9]+/)?.1 {
            case "-": "must be 1 or more"
            case _?: "is too large, above \(Int.max)"
            case nil: "is not a task number"
            }
            throw CommandFailure(message: "task '\(task)' \(problem): \(hint)")
        }
        guard taskID >= 1 else {
            throw CommandFailure(message: "task '\(task)' must be 1 or more: \(hint)")
        }
        let record: RunRecord
        var found: RunRecord.TaskRecord?
        do {
            record = try RunHistory(directory: PRXHome().history).forEachTask(of: runID) { task in
                if task.id == taskID { found = task }
            }
        } catch {
            throw CommandFailure(message: error.description)
        }
        guard let task = found else {
            throw CommandFailure(message: "run \(runID) has no started task \(taskID)")
        }
        if !RunRecord.TaskRecord.unfinishedStatuses.contains(task.status) {
            guard let feedback = task.feedback else {
                // In a run that gave its tasks feedback files, only a task that never ran its command (cancelled or
                // skipped before it started, its program not found) ended without a record of its file.
                let why = record.invocation.configuration["feedback_dir"] == nil
                    ? "had no feedback file \(Self.howToGiveFeedbackFiles)"
                    : "has no feedback: it never ran its command (\(task.status))"
                throw CommandFailure(message: "task \(taskID) of run \(runID) \(why)")
            }
            print(FeedbackJSON.render(feedback))
            return
        }
        guard let directory = record.invocation.configuration["feedback_dir"] else {
            throw CommandFailure(
                message: "run \(runID) gives its tasks no feedback files \(Self.howToGiveFeedbackFiles)")
        }
        let feedback: [String: String]
        do {
            feedback = try FeedbackFile(directory: directory, taskID: TaskID(taskID)).read()
        } catch where error.fileIsNotThere {
            // A file that is gone (a task may remove its file and write a new one) or is no regular file shows what
            // the task's end would record of it, none, as `prx status` shows such a task `[missing]`: not an error.
            feedback = [:]
        } catch {
            throw CommandFailure(message: "\(error)")
        }
        print(FeedbackJSON.render(feedback))
    }
}
