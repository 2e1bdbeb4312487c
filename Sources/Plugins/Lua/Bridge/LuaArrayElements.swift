import CLua

/// The elements a ``LuaArrayFunction`` appends, set in its Lua table as they come, a stretch of steps at a time
/// (``LuaValueSteps``), so that a long array is never held whole in Swift as well.
public struct LuaArrayElements {
    private let stack: LuaStack
    /// The table's absolute stack index.
    private let table: Int32
    /// The steps that set the elements, from the first one appended (the table's copy their argument on the stack
    /// until ``finish()``); `nil` before.
    private var steps: LuaValueSteps?
    /// The elements appended so far.
    private var count: Int64 = 0

    /// Elements for the table at the absolute index `table` of `stack`.
    init(stack: LuaStack, table: Int32) {
        self.stack = stack
        self.table = table
    }

    /// Appends `element`.
    ///
    /// - Throws: ``LuaError`` for a value Lua cannot have (``LuaValueSteps/push(_:)``), or when Lua has no memory
    ///   left.
    public mutating func append(_ element: LuaValue) throws(LuaError) {
        try start()
        try steps?.push(element)
        try appended()
    }

    /// Appends an array of `strings`, as `append(.table(LuaTable(array: strings.map { .string($0) })))` does
    /// without making those values first (`prx.lines`' fields).
    ///
    /// - Throws: ``LuaError`` when Lua has no memory left.
    public mutating func append(strings: [String]) throws(LuaError) {
        try start()
        try steps?.push(strings: strings)
        try appended()
    }

    /// Appends the first result of calling `function` with `arguments`, as Lua code calling it would have it
    /// (``LuaFunctionReference/call(_:leavingFirstResultOn:)``): the same table, with its metatable, the same userdata,
    /// nothing read into Swift. A `nil` result is not appended.
    ///
    /// - Returns: whether a value was appended.
    /// - Throws: what `failure` makes of the call's ``LuaError``; ``LuaError`` when Lua has no memory left for the
    ///   element.
    public mutating func append(
        resultOf function: LuaFunctionReference, with arguments: [LuaValue], failure: (LuaError) -> any Error
    ) throws -> Bool {
        try start()
        // The result comes on top of the table's copy, where the steps set it, so those before it have run.
        try steps?.finish(results: 1)
        do {
            try function.call(arguments, leavingFirstResultOn: stack)
        } catch {
            throw failure(error)
        }
        guard lua_type(stack.pointer, -1) != LUA_TNIL else {
            lua_settop(stack.pointer, -2)
            return false
        }
        try appended()
        try steps?.finish(results: 1)
        return true
    }

    /// Sets the elements not yet set in the table, and takes the table's copy off the stack.
    /// [-0, +0, -] The corresponding C function is `lua_rawseti`, under `lua_pcall`.
    mutating func finish() throws(LuaError) {
        try steps?.finish(results: 0)
        steps = nil
    }

    /// Pushes the table's copy the steps set elements in, before the first element.
    private mutating func start() throws(LuaError) {
        guard steps == nil else { return }
        try stack.reserve(1)
        lua_pushvalue(stack.pointer, table)
        steps = LuaValueSteps(on: stack, arguments: 1)
    }

    /// Sets the element just pushed at the next index.
    private mutating func appended() throws(LuaError) {
        count += 1
        try steps?.setIndex(count)
    }
}
