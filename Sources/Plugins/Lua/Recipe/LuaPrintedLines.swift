import PRXKernel

/// Where the Lua files of a daemon (`-D`) print: their `print`, `io.write` and `io.stdout:write` hand each line to one
/// function (``LuaPrint``), the daemon's main log, as its standard output is `/dev/null`; and, as a
/// ``PRXKernel/Sink`` told after the hooks, once the run is over (`on_done` called), the line each file's Lua code
/// began writing and did not end (`io.write("no line break")`), so that it is not lost.
///
/// Used on the thread that calls the run's Lua code, as every Lua state is: loading the files, and the sinks' events.
public final class LuaPrintedLines: Sink {
    private let write: (String) -> Void
    /// The function of each Lua state that hands over its line begun and not ended.
    private var unendedLines: [LuaFunctionReference] = []

    /// Lines handed to `write`, each without its line break.
    public init(_ write: @escaping (String) -> Void) {
        self.write = write
    }

    /// Makes `print`, `io.write` and `io.stdout:write` of `state` hand their lines over (``LuaPrint``).
    func install(in state: LuaState) throws(LuaError) {
        unendedLines.append(try LuaPrint.install(in: state, write))
    }

    /// At the run's end, hands over each state's line begun and not ended; a state closed since has none to give,
    /// and a failure (no memory left to Lua) loses that line alone.
    public func receive(_ event: RunEvent) {
        guard case .runFinished = event else { return }
        for handOver in unendedLines {
            _ = try? handOver.call()
        }
    }
}
