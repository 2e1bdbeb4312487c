import CLua

/// The one result of a ``LuaResultFunction``, which the function sets on the Lua stack itself: an array of strings
/// made from Swift, or the first result of a Lua function it calls, left as that function returned it, never read into
/// Swift (the same table, with its metatable; a userdata). `nil` until it is set.
public struct LuaResult {
    private let stack: LuaStack
    /// The stack's top below the result: the function's arguments.
    private let base: Int32

    /// The result of the Swift function running on `stack`, above its arguments.
    init(stack: LuaStack) {
        self.stack = stack
        base = lua_gettop(stack.pointer)
    }

    /// Sets the result to an array of `strings`, made as ``LuaArrayElements/append(strings:)`` makes one.
    ///
    /// - Throws: ``LuaError`` when Lua has no memory left.
    public func set(strings: [String]) throws(LuaError) {
        lua_settop(stack.pointer, base)
        var steps = LuaValueSteps(on: stack)
        try steps.push(strings: strings)
        try steps.finish(results: 1)
    }

    /// Sets the result to the first result of calling `function` with `arguments`
    /// (``LuaFunctionReference/call(_:leavingFirstResultOn:)``), and tells whether it is anything but `nil`.
    ///
    /// - Throws: the call's ``LuaError``, the result left `nil`.
    public func set(toResultOf function: LuaFunctionReference, with arguments: [LuaValue]) throws(LuaError) -> Bool {
        lua_settop(stack.pointer, base)
        try function.call(arguments, leavingFirstResultOn: stack)
        return lua_type(stack.pointer, -1) != LUA_TNIL
    }

    /// Leaves the result alone above the arguments: `nil` when none was set.
    /// [-0, +1, -] The corresponding C function is `lua_settop`.
    func finish() throws(LuaError) {
        try stack.reserve(1)
        lua_settop(stack.pointer, base + 1)
    }
}
