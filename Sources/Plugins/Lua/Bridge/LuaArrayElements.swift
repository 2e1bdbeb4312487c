import CLua

/// The elements a ``LuaArrayFunction`` appends, set in its Lua table in batches: each batch is made in one protected
/// call (``LuaValueSteps``), and a batch is bounded, so that a long array is never held whole in Swift as well.
public struct LuaArrayElements {
    /// A batch is made once it holds this many steps or bytes of strings.
    private static let batchSteps = 4096
    private static let batchBytes = 1 << 16

    private let stack: LuaStack
    /// The table's absolute stack index.
    private let table: Int32
    private var batch: LuaValueSteps
    /// The elements appended so far, in the table or in the batch.
    private var count: Int64 = 0

    /// Elements for the table at the absolute index `table` of `stack`.
    init(stack: LuaStack, table: Int32) {
        self.stack = stack
        self.table = table
        batch = LuaValueSteps(state: stack.state)
    }

    /// Appends `element`, setting the batch in the table when it is full.
    ///
    /// - Throws: ``LuaError`` for a value Lua cannot have (``LuaValueSteps/push(_:)``), or when Lua has no memory
    ///   left for the batch.
    public mutating func append(_ element: LuaValue) throws(LuaError) {
        try batch.push(element)
        try appended()
    }

    /// Appends an array of `strings`, as `append(.table(LuaTable(array: strings.map { .string($0) })))` does
    /// without making those values first (`prx.lines`' fields).
    ///
    /// - Throws: ``LuaError`` when Lua has no memory left for the batch.
    public mutating func append(strings: [String]) throws(LuaError) {
        batch.push(strings: strings)
        try appended()
    }

    /// Sets the element just pushed in the batch at the next index, and the batch in the table when it is full.
    private mutating func appended() throws(LuaError) {
        count += 1
        batch.setIndex(count)
        if batch.count >= Self.batchSteps || batch.byteCount >= Self.batchBytes {
            try flush()
        }
    }

    /// Sets the elements of the batch in the table.
    /// [-0, +0, -] The corresponding C function is `lua_rawseti`, under `lua_pcall`.
    mutating func flush() throws(LuaError) {
        guard batch.count > 0 else { return }
        try stack.reserve(1)
        lua_pushvalue(stack.pointer, table)
        try stack.run(batch, arguments: 1, results: 0)
        batch.removeAll()
    }
}
