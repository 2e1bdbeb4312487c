import CLua
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stops Lua code that does not return: a hook stuck in a loop would otherwise hold the run, which waits for it,
/// past any SIGINT or SIGTERM, with every result after it unwritten.
///
/// The state counts its calls into Lua. ``stop(ifStillRunningAfter:orElse:)``, called from any thread when prx is
/// told to stop, looks again after a grace and, when the same call is still running, makes it raise an error
/// (`lua_sethook`, as the `lua` interpreter does on SIGINT). From then on every call into Lua has the same grace
/// to return: the hooks called for the tasks the stop cancelled, and those that report the run's end, run as
/// usual when they return in time, and one that loops costs a grace, not the run. A second stop (the signal
/// again) interrupts at once what runs and every call after it.
///
/// The hook runs between Lua instructions only: a call blocked inside a C function (`io.read` waiting for input,
/// `string.find` on a pattern that backtracks for hours) never reaches it, and neither does a `__gc` metamethod,
/// which Lua runs with its hooks off, nor Lua code that catches the error with `pcall` and goes on. A call still
/// running a grace after it was interrupted is given up: the stop's `giveUp` is told which call it is, and only
/// ending the process can end the run then. A call that returns while the process is being ended must not let the
/// run go on beside that: ``holdForExit(_:)`` settles, once, which of the two comes first.
public final class LuaInterruption: Sendable {
    /// The outermost call into Lua running now, as far as it can be named.
    public struct Call: Sendable, Hashable {
        /// What the function is to the caller (`on_finish`, `stop_when`), when the caller said.
        public var role: String?
        /// Where the function is defined, when it is Lua code.
        public var definition: LuaSourcePosition?
        /// Whether the interruption's error reached the call, which went on all the same (Lua code caught it with
        /// `pcall`), where a call that it never reached is blocked in a C function or a `__gc` metamethod; told to
        /// the stop's `giveUp` only.
        public var caughtTheInterruption = false
        /// Which outermost call it is: how many had begun when it did.
        var number = 0
    }

    /// The `lua_State *`, as a bit pattern: the only thing done with it off the state's thread is `lua_sethook`.
    private let state: Int
    /// How deep the calls into Lua running now are nested: 0 when no Lua code runs.
    private let depth = Atomic<Int>(0)
    /// How many outermost calls into Lua have begun.
    private let calls = Atomic<Int>(0)
    /// How many outermost calls into Lua have returned; ``heldForExit`` once a call is held for the process's exit.
    private let returned = Atomic<Int>(0)
    /// What ``returned`` holds once ``holdForExit(_:)`` held a call.
    private static let heldForExit = -1
    /// How many nanoseconds an outermost call may run once prx was told to stop; -1 until then.
    private let limit = Atomic<Int>(-1)
    /// How many nanoseconds an interrupted call has to return before it is given up: the first stop's grace.
    private let giveUpAfter = Atomic<Int>(-1)
    /// Whether the state is closed; held while the hook is set, so that the state cannot close meanwhile.
    private let closed = Mutex(false)
    /// The outermost call running now (the last one, when none runs).
    private let running = Mutex(Call())
    /// Told of an interrupted call that did not return in time; set by the first stop.
    private let giveUp = Mutex<(@Sendable (Call) -> Void)?>(nil)
    /// Whether a call was made to raise the interruption's error.
    private let interruptedACall = Atomic<Bool>(false)

    init(_ pointer: OpaquePointer) {
        state = Int(bitPattern: UnsafeRawPointer(pointer))
    }

    /// Notes that a call into Lua begins; called by the state's thread. `role` and `definition` (evaluated for an
    /// outermost call only) name it should it have to be given up.
    func enter(role: String?, definition: () -> LuaSourcePosition?) {
        guard depth.add(1, ordering: .sequentiallyConsistent).newValue == 1 else { return }
        let call = calls.add(1, ordering: .sequentiallyConsistent).newValue
        let named = Call(role: role, definition: definition(), number: call)
        running.withLock { $0 = named }
        let nanoseconds = limit.load(ordering: .sequentiallyConsistent)
        if nanoseconds >= 0 { interrupt(call, after: nanoseconds) }
    }

    /// Notes that a call into Lua has returned; called by the state's thread. An outermost call that
    /// ``holdForExit(_:)`` held never returns from here: the process ends meanwhile.
    func leave() {
        guard depth.subtract(1, ordering: .sequentiallyConsistent).newValue == 0 else { return }
        let call = calls.load(ordering: .sequentiallyConsistent)
        let counted = returned.compareExchange(expected: call - 1, desired: call, ordering: .sequentiallyConsistent)
        guard counted.exchanged else { Self.waitForTheExit() }
    }

    /// Keeps outermost call `call` from returning to its caller, for the process to end without the run going on
    /// beside it: `true` when the call is still running, and from then on, should it return, the state's thread
    /// waits in ``leave()`` until the process ends; `false`, holding nothing, when it has returned already (the
    /// run goes on). Called from any thread, by whoever ends the process, which must then end it.
    public func holdForExit(_ call: Call) -> Bool {
        call.number > 0 && returned.compareExchange(
            expected: call.number - 1, desired: Self.heldForExit, ordering: .sequentiallyConsistent
        ).exchanged
    }

    /// Parks the calling thread until the process ends.
    ///
    /// The corresponding C function is `pause`.
    private static func waitForTheExit() -> Never {
        while true { pause() }
    }

    /// Notes that the state is about to close: nothing is interrupted from then on. Called by the state's deinit.
    func close() {
        closed.withLock { $0 = true }
    }

    /// Interrupts the Lua code running now if it is still in the same call `grace` from now, and limits every
    /// later call to `grace`; when called again, interrupts at once, now and later. A call that has not returned
    /// `grace` after it was interrupted (the first stop's `grace`, whichever stop interrupted it) is given to
    /// `giveUp`, on a dispatch queue; the first stop's `giveUp` is the one told.
    public func stop(ifStillRunningAfter grace: Duration, orElse giveUp: @escaping @Sendable (Call) -> Void) {
        let (seconds, attoseconds) = grace.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        let first = limit.compareExchange(
            expected: -1, desired: nanoseconds, ordering: .sequentiallyConsistent).exchanged
        if first {
            self.giveUp.withLock { $0 = giveUp }
            giveUpAfter.store(nanoseconds, ordering: .sequentiallyConsistent)
        } else {
            limit.store(0, ordering: .sequentiallyConsistent)
        }
        guard depth.load(ordering: .sequentiallyConsistent) > 0 else { return }
        interrupt(calls.load(ordering: .sequentiallyConsistent), after: first ? nanoseconds : 0)
    }

    /// Whether a stop has cut Lua code short: some call was made to raise the interruption's error, so that what
    /// it was doing (`on_done` writing its report) was left undone and the run's end cannot be the usual one.
    public var hasInterrupted: Bool {
        interruptedACall.load(ordering: .sequentiallyConsistent)
    }

    /// Whether outermost call number `call` is still running.
    private func isRunning(_ call: Int) -> Bool {
        depth.load(ordering: .sequentiallyConsistent) > 0 && calls.load(ordering: .sequentiallyConsistent) == call
    }

    /// Makes outermost call number `call` raise an error if it is still running `nanoseconds` from now, and gives
    /// it up if it is still running a grace after that, telling whether the error reached it (the hook's count of
    /// the errors it raised went up meanwhile) and was caught.
    private func interrupt(_ call: Int, after nanoseconds: Int) {
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [self] in
            let raisedBefore: Int32? = closed.withLock { closed in
                guard !closed, isRunning(call), let pointer = OpaquePointer(bitPattern: state) else { return nil }
                let raised = clua_interruptionsraised(pointer)
                clua_interrupt(pointer)
                interruptedACall.store(true, ordering: .sequentiallyConsistent)
                return raised
            }
            guard let raisedBefore else { return }
            let wait = giveUpAfter.load(ordering: .sequentiallyConsistent)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(wait)) { [self] in
                let stuck: Call? = closed.withLock { closed in
                    guard !closed, isRunning(call), let pointer = OpaquePointer(bitPattern: state) else { return nil }
                    // The call may have returned since, and the next begun: that one is not given up.
                    var stuck = running.withLock { $0 }
                    guard stuck.number == call else { return nil }
                    stuck.caughtTheInterruption = clua_interruptionsraised(pointer) != raisedBefore
                    return stuck
                }
                guard let stuck, let giveUp = giveUp.withLock({ $0 }) else { return }
                giveUp(stuck)
            }
        }
    }
}
