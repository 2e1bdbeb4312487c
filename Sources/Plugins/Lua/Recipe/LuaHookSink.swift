#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystem
import PRXKernel

/// The hooks `on_start`, `on_placed`, `on_finish` and `on_done` as a ``PRXKernel/Sink``.
///
/// - `on_start(task)` for every attempt handed to the executor (`task.attempt` counts them);
/// - `on_placed(task, placement)` for every report of where an attempt runs, from an executor that reports them
///   (``PRXKernel/Executor/reportsPlacements``): a cluster's job id as it is queued, then with its host;
/// - `on_finish(task, result)` once per task, when it ends, whatever its status (skipped and cancelled too);
/// - `on_done(summary, results)` once, after the run, with every result in the order they finished; an integer
///   it returns becomes prx's exit status (``Outcome/exitStatus``).
///
/// A Lua error in a hook goes to the ``LuaErrorReporter``; ``receive(_:)`` never throws. An error in `on_done` comes
/// when there is nothing left to halt: under `on_error = "halt"` it makes prx's exit status 1 instead (the command
/// ends with 128 + the signal when a signal cut `on_done` short, ``LuaInterruption/hasInterrupted``).
///
/// What a hook prints (`print`, `io.write`) goes to prx's standard output. When it cannot be written there (a closed
/// standard output, a full disk, a reader gone), ``flush()`` throws, once, so that the loss is said as the sink's
/// own failure (`prx: warning: a sink failed: cannot write what Lua code printed to standard output: …`) and fails
/// the run as a result not written does: `print` flushes inside Lua, which ignores the failure, and the command's
/// own check at its end says nothing of a run that failed already.
public struct LuaHookSink: Sink {
    /// What `on_done` returned, read by the command once the run is over.
    public final class Outcome {
        /// The integer `on_done` returned, when it returned one; 1 when it raised an error under
        /// `on_error = "halt"`.
        public var exitStatus: Int32?

        /// Creates an empty outcome.
        public init() {}
    }

    private let hooks: RecipeHooks
    private let reporter: LuaErrorReporter
    private let outcome: Outcome
    /// Keeps the Lua state of the hooks open for as long as the sink lives.
    private let owner: AnyObject
    /// The guard of that state's `prx.write`, told that the run is over before `on_done` is called.
    private let writeGuard: LuaWriteGuard
    private var results: [LuaValue] = []

    /// Creates a sink calling `hooks`, whose state `owner` keeps open and whose `prx.write` `writeGuard` guards;
    /// `on_done`'s answer lands in `outcome`.
    public init(
        hooks: RecipeHooks, owner: AnyObject, writeGuard: LuaWriteGuard, reporter: LuaErrorReporter, outcome: Outcome
    ) {
        self.hooks = hooks
        self.owner = owner
        self.writeGuard = writeGuard
        self.reporter = reporter
        self.outcome = outcome
    }

    public mutating func receive(_ event: RunEvent) {
        switch event {
        // The Lua values are built only for a hook the recipe set: a recipe without hooks costs nothing per task.
        case .taskStarted(let start):
            if let onStart = hooks.onStart {
                let task = LuaRunValues.task(start.task, attempt: start.attempt, workerID: start.workerID)
                call(onStart, "on_start", [task])
            }
        case .taskPlaced(let placement):
            if let onPlaced = hooks.onPlaced {
                let task = LuaRunValues.task(placement.task, attempt: placement.attempt, workerID: placement.workerID)
                call(onPlaced, "on_placed", [task, LuaRunValues.placement(placement)])
            }
        case .taskFinished(let result):
            guard hooks.onFinish != nil || hooks.onDone != nil else { return }
            let table = LuaRunValues.result(result)
            if hooks.onDone != nil { results.append(table) }
            if let onFinish = hooks.onFinish {
                call(onFinish, "on_finish", [LuaRunValues.task(result.task), table])
            }
        case .runFinished(let summary):
            guard let onDone = hooks.onDone else { return }
            // The run has read its input: on_done may write its arguments file anew (what is left to do).
            writeGuard.releaseInputs()
            let answer = call(onDone, "on_done", [LuaRunValues.summary(summary), .table(LuaTable(array: results))])
            results.removeAll()
            guard let answer else {
                if reporter.haltsOnError { outcome.exitStatus = 1 }
                return
            }
            guard answer != .nil else { return }
            if let status = answer.intValue, (0...255).contains(status) {
                outcome.exitStatus = Int32(status)
            } else {
                // An exit status is one byte: 256 would read as 0, a success.
                let shown = answer.intValue.map(String.init)
                    ?? answer.doubleValue.map { "\($0)" } ?? "a \(answer.typeName)"
                reporter.report(
                    RecipeError(
                        "returned \(shown), not an exit status from 0 to 255; the usual one stands",
                        at: onDone.definition),
                    in: "on_done")
            }
        case .runStarted, .attemptFailed, .runHalted:
            break
        }
    }

    /// Throws when what Lua code printed to standard output could not all be written, for the first time in the
    /// process: nothing after, nor when nothing failed.
    ///
    /// The corresponding C functions are `fflush` and `ferror`, through ``csystem_take_standard_output_failure()``,
    /// which hands over the first failure ``LuaState`` found flushing standard output after a Lua call.
    public func flush() throws {
        let failure = csystem_take_standard_output_failure()
        guard failure != 0 else { return }
        throw SinkFileError.standardOutput(writing: "what Lua code printed", errorNumber: failure)
    }

    /// Calls `function`; returns its first result, or `nil` after an error.
    @discardableResult
    private func call(_ function: LuaFunctionReference, _ name: String, _ arguments: [LuaValue]) -> LuaValue? {
        do {
            return try function.call(arguments, as: name).first ?? .nil
        } catch {
            reporter.report(error, in: name)
            return nil
        }
    }
}
