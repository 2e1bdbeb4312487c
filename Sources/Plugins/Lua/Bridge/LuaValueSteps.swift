import CLua

/// Swift values made on a Lua stack by the shim (`clua_runsteps`), written down as steps (pushes of scalars and new
/// tables, sets of tables' entries) that run in one `lua_pcall` for each stretch of them.
///
/// Making a string or a table raises "not enough memory" when Lua has none left, so it must run protected; one
/// protected call for a stretch of steps, rather than one per string, table and entry, is what keeps that protection
/// cheap (`prx.lines` of a million lines). A stretch runs as soon as it holds ``stretchSteps`` steps or
/// ``stretchBytes`` bytes of strings, the values it made left on the stack for the next, so that what Swift holds
/// stays bounded whatever the value's size (a hook's results of a million tasks). The strings' bytes are copied into
/// the steps, and the functions referenced are kept alive with them until they run. A string longer than
/// ``longestCopied`` bytes is made from its own bytes, in a protected call of its own after the stretch before it:
/// copying it would ask Swift for the memory Lua is about to ask for, and Swift stops the process when it has none.
///
/// A failure (a value Lua cannot have, Lua out of memory) sets the stack's top back below the arguments, after
/// collecting what was made when Lua ran out of memory; the steps are not used after it.
struct LuaValueSteps {
    /// A stretch runs once it holds this many steps or bytes of strings.
    private static let stretchSteps = 4096
    private static let stretchBytes = 1 << 16
    /// Strings longer than this are made from their own bytes rather than copied.
    private static let longestCopied = 4096
    /// The room the steps and their strings' bytes take at their first, so that a small value (a task's handle, seven
    /// steps) grows neither array as it is written: growing them one step at a time took four allocations.
    private static let firstSteps = 16
    private static let firstBytes = 256

    private let stack: LuaStack
    /// The stack's top below the arguments: where the made values start, and where a failure leaves the top.
    private let base: Int32
    private var steps: [clua_Step] = []
    private var bytes: [UInt8] = []
    /// The functions the steps push by registry reference, kept until the steps have run.
    private var functions: [LuaFunctionReference] = []
    /// How many values the steps not yet run leave above the stack's top after the last one, and at most.
    private var height = 0
    private var greatestHeight = 0

    /// Steps for `stack`, whose top `arguments` values are theirs: a table ``set(_:to:)`` or ``setIndex(_:)`` sets
    /// entries in.
    init(on stack: LuaStack, arguments: Int32 = 0) {
        self.stack = stack
        base = lua_gettop(stack.pointer) - arguments
    }

    /// Pushes `value`.
    ///
    /// - Throws: ``LuaError/Reason/conversion`` for tables nested deeper than ``LuaStack/maximumDepth`` or a
    ///   function of another state, ``LuaError/Reason/memory`` when Lua has no memory left.
    mutating func push(_ value: LuaValue) throws(LuaError) {
        do {
            try push(value, depth: 0)
        } catch {
            throw dropped(error)
        }
    }

    /// Pushes an array of `strings`, as ``push(_:)`` of their table does without making those values first.
    ///
    /// - Throws: ``LuaError/Reason/memory`` when Lua has no memory left.
    mutating func push(strings: [String]) throws(LuaError) {
        do {
            try add(kind: CLUA_STEP_TABLE, integer: lua_Integer(Int32(clamping: strings.count)))
            for (offset, string) in strings.enumerated() {
                try push(string: string)
                try addSetIndex(Int64(offset + 1))
            }
        } catch {
            throw dropped(error)
        }
    }

    /// Sets `t[key]` to `value`, raw, `t` being the table on top (one the steps made, or their argument).
    ///
    /// - Throws: as ``push(_:)`` does.
    mutating func set(_ key: LuaKey, to value: LuaValue) throws(LuaError) {
        do {
            try set(key, to: value, depth: 0)
        } catch {
            throw dropped(error)
        }
    }

    /// Sets `t[index]` to the value on top, raw, `t` being the table below it (one the steps made, or their
    /// argument), and pops the value.
    ///
    /// - Throws: ``LuaError/Reason/memory`` when Lua has no memory left.
    mutating func setIndex(_ index: Int64) throws(LuaError) {
        do {
            try addSetIndex(index)
        } catch {
            throw dropped(error)
        }
    }

    /// Runs the steps left and leaves, in the arguments' place, the first `results` of the arguments and the values
    /// made after them.
    ///
    /// - Throws: ``LuaError/Reason/memory`` when Lua has no memory left.
    mutating func finish(results: Int32) throws(LuaError) {
        do {
            guard !steps.isEmpty else {
                try stack.reserve(Int(results))
                return lua_settop(stack.pointer, base + results)
            }
            try runStretch(results: results)
        } catch {
            throw dropped(error)
        }
    }

    /// Pushes `string` from its own bytes, in a protected call (two free stack slots needed). `LUA_OK`, or the error
    /// status with the error object pushed instead.
    static func push(inPlace string: String, on pointer: OpaquePointer) -> Int32 {
        var string = string
        return string.withUTF8 { bytes in
            let step = clua_Step(kind: CLUA_STEP_STRING, integer: 0, number: 0, offset: 0, length: bytes.count)
            return withUnsafePointer(to: step) { step in
                var described = clua_Steps(
                    steps: step, count: 1,
                    bytes: UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self), slots: 1)
                return clua_runsteps(pointer, &described, 0, 1)
            }
        }
    }

    // MARK: Running

    /// Runs the steps written so far in one protected call, with every value above ``base`` as their arguments,
    /// leaving `results` of them and of what the steps made (`LUA_MULTRET`: all), and empties them.
    private mutating func runStretch(results: Int32) throws(LuaError) {
        // The function and its argument below the values, and what the steps make above them.
        try stack.reserve(max(greatestHeight, Int(results)) + 2)
        let status = steps.withUnsafeBufferPointer { steps in
            bytes.withUnsafeBufferPointer { bytes in
                var described = clua_Steps(
                    steps: steps.baseAddress, count: steps.count,
                    bytes: UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self),
                    slots: Int32(clamping: greatestHeight + 1))
                return clua_runsteps(stack.pointer, &described, lua_gettop(stack.pointer) - base, results)
            }
        }
        guard status == LUA_OK else { throw stack.popError(status: status) }
        steps.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        functions.removeAll(keepingCapacity: true)
        (height, greatestHeight) = (0, 0)
    }

    /// `error`, after setting the top back to ``base`` and, when it is running out of memory, collecting what was
    /// made.
    private func dropped(_ error: LuaError) -> LuaError {
        lua_settop(stack.pointer, base)
        if error.reason == .memory { clua_collectgarbage(stack.pointer) }
        return error
    }

    // MARK: Writing steps

    private mutating func push(_ value: LuaValue, depth: Int) throws(LuaError) {
        switch value {
        case .nil: try add(kind: CLUA_STEP_NIL)
        case .boolean(let value): try add(kind: CLUA_STEP_BOOLEAN, integer: value ? 1 : 0)
        case .integer(let value): try add(kind: CLUA_STEP_INTEGER, integer: value)
        case .number(let value): try add(kind: CLUA_STEP_NUMBER, number: value)
        case .string(let value): try push(string: value)
        case .function(let function):
            guard let state = stack.state, function.belongs(to: state) else {
                throw LuaError(reason: .conversion, message: "cannot pass a function of another Lua state")
            }
            functions.append(function)
            try add(kind: CLUA_STEP_REFERENCED, integer: lua_Integer(function.reference))
        case .table(let table):
            guard depth < LuaStack.maximumDepth else {
                throw LuaError(
                    reason: .conversion, message: "tables nested deeper than \(LuaStack.maximumDepth) levels")
            }
            try add(
                kind: CLUA_STEP_TABLE, integer: lua_Integer(Int32(clamping: table.array.count)),
                length: Int(Int32(clamping: table.map.count)))
            for (offset, element) in table.array.enumerated() {
                try push(element, depth: depth + 1)
                try addSetIndex(Int64(offset + 1))
            }
            for (key, element) in table.map {
                try set(key, to: element, depth: depth + 1)
            }
        }
    }

    private mutating func set(_ key: LuaKey, to value: LuaValue, depth: Int) throws(LuaError) {
        switch key {
        case .integer(let key): try add(kind: CLUA_STEP_INTEGER, integer: key)
        case .string(let key): try push(string: key)
        }
        try push(value, depth: depth)
        try add(kind: CLUA_STEP_SETKEY, height: -2)
    }

    /// Adds the step that pushes `string`, its bytes copied; a long string is made at once instead, after the steps
    /// before it.
    private mutating func push(string: String) throws(LuaError) {
        guard string.utf8.count <= Self.longestCopied else {
            if !steps.isEmpty { try runStretch(results: LUA_MULTRET) }
            try stack.reserve(2)
            let status = Self.push(inPlace: string, on: stack.pointer)
            guard status == LUA_OK else { throw stack.popError(status: status) }
            return
        }
        let offset = bytes.count
        if bytes.capacity == 0 { bytes.reserveCapacity(Self.firstBytes) }
        // From the string's own buffer, copied at once: appending its `utf8` view went byte by byte.
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
        try add(kind: CLUA_STEP_STRING, offset: offset, length: bytes.count - offset)
    }

    /// Adds the step that sets `t[index]` to the value on top, `t` below it, popping the value.
    private mutating func addSetIndex(_ index: Int64) throws(LuaError) {
        try add(kind: CLUA_STEP_SETINDEX, integer: index, height: -1)
    }

    /// Adds a step, which changes the number of values on the stack by `height` (a push by one), and runs the
    /// stretch when it is full.
    private mutating func add(
        kind: Int32, integer: lua_Integer = 0, number: lua_Number = 0, offset: Int = 0, length: Int = 0,
        height: Int = 1
    ) throws(LuaError) {
        if steps.capacity == 0 { steps.reserveCapacity(Self.firstSteps) }
        steps.append(clua_Step(kind: kind, integer: integer, number: number, offset: offset, length: length))
        self.height += height
        greatestHeight = max(greatestHeight, self.height)
        if steps.count >= Self.stretchSteps || bytes.count >= Self.stretchBytes {
            try runStretch(results: LUA_MULTRET)
        }
    }
}
