import ArgumentParser
import Foundation
import PRXPlugins

/// `prx status`: the runs going on now, read from their journals, with each running task, where it runs for runs whose
/// executor reports it (a cluster's job id and host), and — for runs that watch heartbeats — whether it is running,
/// silent or stalled, or that its feedback file is missing.
struct StatusCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: CommandName.status.asTyped,
            abstract: "Show the runs going on now and their running tasks.")
    }

    @Argument(help: ArgumentHelp("Only this run.", valueName: "run"))
    var runID: String?

    func run() throws {
        let runID = try runID.map { runID throws(CommandFailure) in try RunIDArgument.checked(runID, argument: "run") }
        let history = RunHistory(directory: PRXHome().history)
        do {
            try history.checkReadable()
        } catch {
            throw CommandFailure(message: error.description)
        }
        // Whether the run is there, without reading its journal: `runs()` reads a running run's whole.
        if let runID, !history.runIDs().contains(runID) {
            throw CommandFailure(message: RunHistory.HistoryError.noSuchRun(runID, in: history.directory).description)
        }
        let listed = history.runs()
        // There, and left out of the listing: its journal cannot be read, which reading it says, where "is not
        // running" would tell what prx cannot know.
        if let runID, !listed.contains(where: { $0.runID == runID }) {
            do {
                _ = try history.forEachTask(of: runID) { _ in }
            } catch {
                throw CommandFailure(message: error.description)
            }
        }
        let runs = listed.filter { $0.state == .running && (runID == nil || $0.runID == runID) }
        guard !runs.isEmpty else {
            guard let runID else {
                print("No prx run is going on.")
                return
            }
            // How it ended, as `prx history` says it, and where its tasks are shown: a killed run's tasks were
            // running or waiting to retry when it was killed, which the history shows. A run a later run resumed
            // names it: that run carries on what this one left.
            let state = listed.first { $0.runID == runID }.map { run in
                " (\(run.state.rawValue)\(run.resumedBy.map { ", resumed by run \($0)" } ?? ""))"
            } ?? ""
            print("Run \(runID) is not running\(state): \(CommandName.history.asTyped) \(runID) shows its tasks.")
            return
        }
        print(runs.map { StatusRendering.render($0, now: Date()) }.joined(separator: "\n\n"))
    }
}
