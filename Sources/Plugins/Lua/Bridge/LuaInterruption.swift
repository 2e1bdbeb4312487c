import CLua
import Dispatch
import Synchronization

/// Stops Lua code that does not return: a hook stuck in a loop would otherwise hold the run, which waits for it,
/// past any SIGINT or SIGTERM, with every result after it unwritten.
///
/// The state counts its calls into Lua. ``stop(ifStillRunningAfter:)``, called from any thread when prx is told
/// to stop, looks again after a grace and, when the same call is still running, makes it raise an error
/// (`lua_sethook`, as the `lua` interpreter does on SIGINT). From then on every call into Lua has the same grace
/// to return: the hooks called for the tasks the stop cancelled, and those that report the run's end, run as
/// usual when they return in time, and one that loops costs a grace, not the run. A second stop (the signal
/// again) interrupts at once what runs and every call after it.
public final class LuaInterruption: Sendable {
    /// The `lua_State *`, as a bit pattern: the only thing done with it off the state's thread is `lua_sethook`.
    private let state: Int
    /// How deep the calls into Lua running now are nested: 0 when no Lua code runs.
    private let depth = Atomic<Int>(0)
    /// How many outermost calls into Lua have begun.
    private let calls = Atomic<Int>(0)
    /// How many nanoseconds an outermost call may run once prx was told to stop; -1 until then.
    private let limit = Atomic<Int>(-1)
    /// Whether the state is closed; held while the hook is set, so that the state cannot close meanwhile.
    private let closed = Mutex(false)

    init(_ pointer: OpaquePointer) {
        state = Int(bitPattern: UnsafeRawPointer(pointer))
    }

    /// Notes that a call into Lua begins; called by the state's thread.
    func enter() {
        guard depth.add(1, ordering: .sequentiallyConsistent).newValue == 1 else { return }
        let call = calls.add(1, ordering: .sequentiallyConsistent).newValue
        let nanoseconds = limit.load(ordering: .sequentiallyConsistent)
        if nanoseconds >= 0 { interrupt(call, after: nanoseconds) }
    }

    /// Notes that a call into Lua has returned; called by the state's thread.
    func leave() {
        depth.subtract(1, ordering: .sequentiallyConsistent)
    }

    /// Notes that the state is about to close: nothing is interrupted from then on. Called by the state's deinit.
    func close() {
        closed.withLock { $0 = true }
    }

    /// Interrupts the Lua code running now if it is still in the same call `grace` from now, and limits every
    /// later call to `grace`; when called again, interrupts at once, now and later.
    public func stop(ifStillRunningAfter grace: Duration) {
        let (seconds, attoseconds) = grace.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        let first = limit.compareExchange(
            expected: -1, desired: nanoseconds, ordering: .sequentiallyConsistent).exchanged
        if !first { limit.store(0, ordering: .sequentiallyConsistent) }
        guard depth.load(ordering: .sequentiallyConsistent) > 0 else { return }
        interrupt(calls.load(ordering: .sequentiallyConsistent), after: first ? nanoseconds : 0)
    }

    /// Makes outermost call number `call` raise an error if it is still running `nanoseconds` from now.
    private func interrupt(_ call: Int, after nanoseconds: Int) {
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [self] in
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
