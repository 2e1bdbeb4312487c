import CLua

/// A Lua function held from Swift: an entry in the Lua registry (`luaL_ref`), released (`luaL_unref`) when the
/// last Swift handle goes away.
///
/// The reference holds its ``LuaState`` weakly. Swift functions registered in a state are kept alive by Lua, and
/// they often capture objects that collect references (a recipe's tasks and their hooks); a strong reference back
/// would make a cycle that keeps the state open forever. So whoever runs the recipe keeps the state; once it is
/// gone, ``call(_:as:)`` throws ``LuaError/Reason/stateClosed`` and releasing does nothing.
public final class LuaFunctionReference: Equatable {
    private weak var state: LuaState?
    /// The function's key in the registry.
    let reference: Int32

    /// Takes over `reference`, an entry `luaL_ref` made in `state`'s registry.
    init(state: LuaState, reference: Int32) {
        self.state = state
        self.reference = reference
    }

    deinit {
        state?.release(reference)
    }

    /// Whether the function lives in `state`, and so may be pushed onto its stack.
    func belongs(to state: LuaState) -> Bool {
        self.state === state
    }

    /// Calls the function with `arguments` under `lua_pcall` and returns all of its results. `role` is what the
    /// function is to the caller (`on_finish`, `stop_when`), which names it should it not return when prx is told
    /// to stop (``LuaInterruption``).
    ///
    /// An error raised inside, including one thrown by a Swift function the call reaches, comes back as a
    /// ``LuaError`` with its position and traceback. [-0, +0, -] The corresponding C function is `lua_pcall`.
    @discardableResult
    public func call(_ arguments: [LuaValue], as role: String? = nil) throws(LuaError) -> [LuaValue] {
        try openState().call(self, arguments, role: role)
    }

    /// Calls the function with `arguments` under `lua_pcall` and returns all of its results.
    /// [-0, +0, -] The corresponding C function is `lua_pcall`.
    @discardableResult
    public func call(_ arguments: LuaValue...) throws(LuaError) -> [LuaValue] {
        try call(arguments)
    }

    /// Calls the function with `arguments` under `lua_pcall`, as ``call(_:as:)`` does, and leaves its first result on
    /// top of `stack`, the stack of the Swift function Lua is running, as Lua code calling it would have it: the same
    /// table, with its metatable, the same userdata, nothing read into Swift (`nil` when it returns none).
    /// [-0, +1, -] The corresponding C function is `lua_pcall`.
    func call(_ arguments: [LuaValue], leavingFirstResultOn stack: LuaStack) throws(LuaError) {
        try openState().call(self, arguments, leavingFirstResultOn: stack)
    }

    /// The state the function lives in, while it is open.
    private func openState() throws(LuaError) -> LuaState {
        guard let state else {
            throw LuaError(reason: .stateClosed, message: "cannot call a function of a closed Lua state")
        }
        return state
    }

    /// Where the function is defined (chunk and first line), or `nil` when it is not Lua code or its state is gone.
    public var definition: LuaSourcePosition? {
        state?.definition(of: self)
    }

    /// Two references are equal when they are the same object.
    public static func == (lhs: LuaFunctionReference, rhs: LuaFunctionReference) -> Bool {
        lhs === rhs
    }
}
