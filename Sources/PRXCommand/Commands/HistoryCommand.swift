import ArgumentParser
import Foundation
import PRXPlugins

/// `prx history`: past runs from their journals, one run's tasks, or clearing the history.
struct HistoryCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: CommandName.history.asTyped,
            abstract: "List past runs, show one run's tasks, or clear the history.")
    }

    @Argument(help: "A run's identifier, to show its tasks.")
    var runID: String?

    @Flag(name: .customLong("json"), help: "Print as JSON.")
    var json = false

    @Flag(
        name: .customLong("clear"),
        help: ArgumentHelp(
            "Delete every journal of yours but those of runs still going and the runs they resume; other users' "
                + "are left (asks unless --yes)."))
    var clear = false

    @Flag(name: .customLong("yes"), help: "Do not ask before clearing.")
    var yes = false

    func validate() throws {
        // Clearing one run was read as clearing them all.
        if clear, let runID {
            throw ValidationError("--clear clears the whole history and takes no run (got \(runID))")
        }
        // It was taken, and did nothing, without a word.
        if json && clear {
            throw ValidationError("--json is not taken with --clear, which lists no runs")
        }
        if yes && !clear {
            throw ValidationError("--yes is only taken with --clear, which it answers")
        }
    }

    func run() throws {
        let history = RunHistory(directory: PRXHome().history)
        do {
            try history.checkReadable()
        } catch {
            throw CommandFailure(message: error.description)
        }
        if clear {
            // In a history others write to (a shared PRX_HOME), another user's runs are theirs: they are neither
            // offered nor deleted, and the count left is said, so that none is taken for one of yours not cleared.
            let user = geteuid()
            let owners = history.runIDs().compactMap(history.journalOwner(of:))
            let own = owners.filter { $0 == user }
            let others = owners.count - own.count
            // Nothing to ask about ("Delete all 0 runs …?"); a draft a killed prx left is still removed, as a run
            // removes it.
            guard !own.isEmpty else {
                _ = history.clear()
                print(
                    others > 0
                        ? "The history in \(history.directory) holds no runs of yours: there is nothing to clear "
                            + "(\(Self.othersLeft(others)))."
                        : "The history in \(history.directory) is empty: there is nothing to clear.")
                return
            }
            // Declining is no failure, as for `-k`: prx did what it was told, nothing.
            guard try confirmClear(history, count: own.count, others: others) else {
                print("Cancelled: the history was not cleared.")
                return
            }
            let clearing = history.clear()
            let undeleted = Set(clearing.undeleted.map(\.path))
            let left = history.runIDs().filter {
                history.journalOwner(of: $0) == user && !undeleted.contains(history.journalPath(for: $0))
            }
            let going = left.filter(history.isGoing).count
            let resumed = left.count - going
            let chain = resumed > 0 ? " and \(Self.runs(resumed)) \(going == 1 ? "it" : "they") resumed" : ""
            // Without a run going, those left are a run a prx is resuming and the runs it resumed in turn.
            let kept = going > 0
                ? " (kept \(Self.runs(going)) still going\(chain))"
                : resumed > 0 ? " (kept \(Self.runs(resumed)) that a prx is resuming)" : ""
            let othersNow = clearing.othersLeft > 0 ? "; \(Self.othersLeft(clearing.othersLeft))" : ""
            print("Cleared \(Self.runs(clearing.removed.count)) from \(history.directory)\(kept)\(othersNow).")
            // The count says what was deleted; what could not be is named apart, as a failure of the command.
            if let first = clearing.undeleted.first {
                let more = clearing.undeleted.count - 1
                throw CommandFailure(
                    message: "cannot delete \(first.path): \(first.reason)"
                        + (more > 0 ? " (and \(more) more journal\(more == 1 ? "" : "s"))" : ""),
                    exitStatus: 1)
            }
            return
        }
        let warnings = WarningChannel()
        if let runID {
            let runID = try RunIDArgument.checked(runID, argument: "run")
            let run: RunRecord
            do {
                if json {
                    run = try HistoryRendering.json(tasksOf: runID, in: history) { print($0) }
                } else {
                    run = try HistoryRendering.table(tasksOf: runID, in: history) { print($0) }
                }
            } catch {
                throw CommandFailure(message: error.description)
            }
            Self.warnOfNULByte(in: run, of: history, on: warnings)
        } else {
            let runs = history.runs { warnings.warn($0.description + "; its run is not listed") }
            print(json ? HistoryRendering.json(runs: runs) : HistoryRendering.table(runs: runs))
            runs.forEach { Self.warnOfNULByte(in: $0, of: history, on: warnings) }
        }
    }

    /// Says where the journal of `run` holds a NUL byte, which no journal line holds (a hole, the end a machine crash
    /// left unwritten), up to which alone it was read (``RunRecord/nulByteOffset``).
    private static func warnOfNULByte(in run: RunRecord, of history: RunHistory, on warnings: WarningChannel) {
        guard let offset = run.nulByteOffset else { return }
        warnings.warn(
            "the journal \(history.journalPath(for: run.runID)) is not JSON lines from byte \(offset) on (a NUL "
                + "byte): its run is shown as the lines before it say")
    }

    /// "1 run", "2 runs".
    private static func runs(_ count: Int) -> String {
        count == 1 ? "1 run" : "\(count) runs"
    }

    /// "1 run of another user", "2 runs of other users".
    private static func othersRuns(_ count: Int) -> String {
        count == 1 ? "1 run of another user" : "\(count) runs of other users"
    }

    /// What `--clear` says of the `count` runs of other users it left: "left 2 runs of other users: …".
    private static func othersLeft(_ count: Int) -> String {
        "left \(othersRuns(count)): --clear deletes only your own"
    }

    /// Asks before clearing `history`, which holds `count` runs of the user's and `others` of other users, which are
    /// left; whether the answer was yes (always, with `--yes`).
    ///
    /// - Throws: ``CommandFailure`` (exit status 2) when standard input ends before an answer, without `--yes`.
    private func confirmClear(_ history: RunHistory, count: Int, others: Int) throws(CommandFailure) -> Bool {
        let question = others > 0
            ? "Delete your \(Self.runs(count)) in \(history.directory) but those still going and the runs they "
                + "resume, leaving the \(Self.othersRuns(others))?"
            : "Delete all \(Self.runs(count)) in \(history.directory) but those still going and the runs they resume?"
        return try Confirmation(assumeYes: yes).confirm(
            question, refusal: "--clear asks for confirmation; answer yes on standard input or add --yes")
    }
}
