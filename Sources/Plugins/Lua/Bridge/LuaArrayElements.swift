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
