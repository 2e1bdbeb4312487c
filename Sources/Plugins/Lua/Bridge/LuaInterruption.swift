import CLua
import Dispatch
import Synchronization

/// Stops Lua code that does not return: a hook stuck in a loop would otherwise hold the run, which waits for it,
/// past any SIGINT or SIGTERM, with every result after it unwritten.
///
/// The state counts its calls into Lua; ``stop(ifStillRunningAfter:)``, called from any thread when prx is told
/// to stop, looks again after a grace and, when the same call is still running, makes it raise an error
/// (`lua_sethook`, as the `lua` interpreter does on SIGINT). Lua code that returns in time is left alone, and so
/// are the hooks called after it, which report the run's end.
public final class LuaInterruption: Sendable {
    /// The `lua_State *`, as a bit pattern: the only thing done with it off the state's thread is `lua_sethook`.
    private let state: Int
    /// How deep the calls into Lua running now are nested: 0 when no Lua code runs.
    private let depth = Atomic<Int>(0)
    /// How many outermost calls into Lua have begun.
    private let calls = Atomic<Int>(0)
    /// Whether the state is closed; held while the hook is set, so that the state cannot close meanwhile.
    private let closed = Mutex(false)

    init(_ pointer: OpaquePointer) {
        state = Int(bitPattern: UnsafeRawPointer(pointer))
    }

    /// Notes that a call into Lua begins; called by the state's thread.
    func enter() {
        if depth.add(1, ordering: .sequentiallyConsistent).newValue == 1 {
            calls.add(1, ordering: .sequentiallyConsistent)
        }
    }

    /// Notes that a call into Lua has returned; called by the state's thread.
    func leave() {
        depth.subtract(1, ordering: .sequentiallyConsistent)
    }

    /// Notes that the state is about to close: nothing is interrupted from then on. Called by the state's deinit.
    func close() {
        closed.withLock { $0 = true }
    }

    /// Interrupts the Lua code running now if it is still in the same call `grace` from now.
    public func stop(ifStillRunningAfter grace: Duration) {
        guard depth.load(ordering: .sequentiallyConsistent) > 0 else { return }
        let call = calls.load(ordering: .sequentiallyConsistent)
        let (seconds, attoseconds) = grace.components
        let delay = DispatchTimeInterval.nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [self] in
            closed.withLock { closed in
                guard !closed, depth.load(ordering: .sequentiallyConsistent) > 0,
                    calls.load(ordering: .sequentiallyConsistent) == call,
                    let pointer = OpaquePointer(bitPattern: state)
                else { return }
                clua_interrupt(pointer)
            }
        }
    }
}
