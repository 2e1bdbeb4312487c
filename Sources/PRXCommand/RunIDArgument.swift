import PRXPlugins

/// A run named on the command line (`prx history RUN`, `prx status RUN`, `prx feedback RUN TASK`, `--resume RUN`),
/// checked before it is made into a journal's path.
enum RunIDArgument {
    /// `runID` when it has the form prx gives runs; otherwise a usage error naming `argument` (`--resume`, `RUN`).
    static func checked(_ runID: String, argument: String) throws(CommandFailure) -> String {
        guard RunHistory.isRunID(runID) else {
            throw CommandFailure(
                message: "\(argument) '\(runID)' is not a run id: "
                    + "prx names runs by start and PID, like 20261204-053113-25733 "
                    + "(\(CommandName.history.asTyped) lists them)")
        }
        return runID
    }
}
