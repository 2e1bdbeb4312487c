import CLua

/// The one place the bridge keeps Lua's stack balanced: remembers the top when created, and ``restore()``
/// (called from a `defer`) puts it back, whether the method returns, throws, or left results and errors behind.
///
/// Every ``LuaState`` method that touches the stack starts with
/// ```swift
/// let stackGuard = LuaStackGuard(pointer)
/// defer { stackGuard.restore() }
/// ```
/// which is why each of them is `[-0, +0, …]`. The idea is mlua's `StackGuard`.
struct LuaStackGuard {
    private let pointer: OpaquePointer
    private let top: Int32

    /// Remembers the current top of `pointer`'s stack.
    /// [-0, +0, -] The corresponding C function is `lua_gettop`.
    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
        top = lua_gettop(pointer)
    }

    /// Pops everything pushed since the guard was created.
    /// [-?, +0, -] The corresponding C function is `lua_settop`.
    func restore() {
        lua_settop(pointer, top)
    }
}
