import PRXKernel
import PRXPlugins

/// Tells a sink the run's events, its summary marked interrupted once every task had ended
/// (``PRXKernel/RunSummary/Interruption/afterTasksEnded``) when a signal cut the run's Lua code short
/// (``LuaInterruption/hasInterrupted``) though the run itself had ended: the summary is made before `on_done` is
/// called, and says nothing of a signal that interrupted `on_done`, which ends prx with 128 + the signal all the
/// same. The sinks told after the hooks (the JSON file, the journal, the summary report) so say what the exit status
/// says, and that no task was stopped. Everything else reaches the sink as it is: its flushes, and the tasks' output
/// when it watches output.
struct CutShortRunMarkingSink: WrappingSink {
    /// The sink told the events.
    var base: any Sink
    /// The Lua states the run calls into.
    let luaInterruptions: [LuaInterruption]

    mutating func receive(_ event: RunEvent) throws {
        guard case .runFinished(var summary) = event, !summary.interrupted, Self.cutShort(luaInterruptions) else {
            return try base.receive(event)
        }
        summary.interruption = .afterTasksEnded
        try base.receive(.runFinished(summary))
    }

    /// Whether a signal cut the Lua code of any of `luaInterruptions` short: what this sink and prx's exit status
    /// both go by.
    static func cutShort(_ luaInterruptions: [LuaInterruption]) -> Bool {
        luaInterruptions.contains(where: \.hasInterrupted)
    }
}
