import ArgumentParser
import Foundation
import PRXKernel
import PRXPlugins

/// `prx feedback RUN TASK`: a task's feedback, the `[key]value` lines it wrote, as one line of JSON.
struct FeedbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Print a task's feedback (the [key]value lines it wrote) as JSON.")

    @Argument(help: ArgumentHelp("The run, as its log files name it: parallelr_{PID}_{TIMESTAMP}.", valueName: "run"))
    var run: String

    @Argument(help: ArgumentHelp("The task's id.", valueName: "task"))
    var task: Int

    @Option(
        name: .customLong("log-dir"),
        help: ArgumentHelp("The run's log directory (default: ~/parallelr/logs).", valueName: "dir"))
    var logDir: String?

    func run() async throws {
        let directory = "\(logDir ?? PRXHome().logs)/\(run)_feedback"
        do {
            print(FeedbackJSON.render(try FeedbackFile(directory: directory, taskID: TaskID(task)).read()))
        } catch {
            throw CommandFailure(message: error.description)
        }
    }
}
