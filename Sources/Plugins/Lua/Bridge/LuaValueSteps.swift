import CLua

/// Swift values written down as the steps that make them in Lua, for the shim to run in one `lua_pcall`
/// (`clua_runsteps`): pushes of scalars and new tables, and sets of tables' entries.
///
/// Making a string or a table raises "not enough memory" when Lua has none left, so it must run protected; one
/// protected call for a whole value, or for a batch of an array's elements, rather than one per string, table and
/// entry, is what keeps that protection cheap (`prx.lines` of a million lines). The strings' bytes are copied into
/// the steps, and the functions referenced are kept alive with them, so the steps stand on their own until they run.
///
/// A long string is the exception: it is kept, not copied, and made from its own bytes in a protected call of its
/// own between the steps before and after it, since copying it would ask Swift for the memory Lua is about to ask
/// for, and Swift stops the process when it has none (a hook's results holding a task's output of megabytes).
struct LuaValueSteps {
    /// Strings longer than this are kept rather than copied.
    private static let longestCopied = 4096

    /// The state functions must belong to.
    private let state: LuaState?
    private var steps: [clua_Step] = []
    private var bytes: [UInt8] = []
    /// The long strings, in their steps' order, with the index of the step that stands for each (a step of no
    /// kind the shim runs: the steps run in stretches between them).
    private var longStrings: [(step: Int, string: String)] = []
    /// The functions the steps push by registry reference, kept until the steps have run.
    private var functions: [LuaFunctionReference] = []
    /// The values the steps leave on the stack after the last one, and the most they leave at any step.
    private var height = 0
    private var greatestHeight = 0

    /// Empty steps, for values whose functions must belong to `state`.
    init(state: LuaState?) {
        self.state = state
    }

    /// How many steps there are.
    var count: Int { steps.count }

    /// How many bytes of strings the steps hold.
    var byteCount: Int { bytes.count }

    /// Adds the steps that push `value`.
    ///
    /// - Throws: ``LuaError/Reason/conversion`` for tables nested deeper than ``LuaStack/maximumDepth`` or a
    ///   function of another state; the steps are then left as they were.
    mutating func push(_ value: LuaValue) throws(LuaError) {
        let saved = mark
        do {
            try push(value, depth: 0)
        } catch {
            restore(saved)
            throw error
        }
    }

    /// Adds the steps that set `t[key]` to `value`, raw, `t` being the table on top (one the steps made, or the
    /// argument they run with).
    ///
    /// - Throws: as ``push(_:)`` does.
    mutating func set(_ key: LuaKey, to value: LuaValue) throws(LuaError) {
        let saved = mark
        do {
            try set(key, to: value, depth: 0)
        } catch {
            restore(saved)
            throw error
        }
    }

    /// Adds the step that sets `t[index]` to the value on top, `t` being the table below it (one the steps made,
    /// or the argument they run with), and pops the value.
    mutating func setIndex(_ index: Int64) {
        add(kind: CLUA_STEP_SETINDEX, integer: index, height: -1)
    }

    /// The stack slots running the steps needs above the arguments' place at most.
    var slots: Int { greatestHeight + 2 }

    /// Runs the steps on `stack` in one protected call (one more for each long string), with the `arguments` values on
    /// top as their arguments (a table ``setIndex(_:)`` sets entries in), and leaves in their place the first
    /// `results` values of what the arguments and the steps leave; ``slots`` free stack slots needed. `LUA_OK`, or
    /// the error status with the error object pushed instead of the arguments.
    func run(on stack: LuaStack, arguments: Int32, results: Int32) -> Int32 {
        let pointer = stack.pointer
        let base = lua_gettop(pointer) - arguments
        var start = 0
        for (step, string) in longStrings {
            var status = run(start..<step, on: pointer, arguments: lua_gettop(pointer) - base, results: LUA_MULTRET)
            if status == LUA_OK { status = Self.push(string, on: pointer) }
            guard status == LUA_OK else {
                // The error object, from above what the steps left, in the arguments' place.
                lua_rotate(pointer, base + 1, 1)
                lua_settop(pointer, base + 1)
                return status
            }
            start = step + 1
        }
        return run(start..<steps.count, on: pointer, arguments: lua_gettop(pointer) - base, results: results)
    }

    /// Runs the steps in `range` (no long string's among them) as ``run(on:arguments:results:)`` runs all.
    private func run(_ range: Range<Int>, on pointer: OpaquePointer, arguments: Int32, results: Int32) -> Int32 {
        steps[range].withUnsafeBufferPointer { steps in
            bytes.withUnsafeBufferPointer { bytes in
                var described = clua_Steps(
                    steps: steps.baseAddress, count: steps.count,
                    bytes: UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self),
                    slots: Int32(clamping: slots))
                return clua_runsteps(pointer, &described, arguments, results)
            }
        }
    }

    /// Pushes `string` from its own bytes, in a protected call.
    private static func push(_ string: String, on pointer: OpaquePointer) -> Int32 {
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

    /// Empties the steps, keeping their storage for the next batch.
    mutating func removeAll() {
        restore(Mark(steps: 0, bytes: 0, functions: 0, longStrings: 0, height: 0, greatestHeight: 0))
    }

    /// How far the steps went: what ``restore(_:)`` takes them back to when writing a value fails half-way.
    private struct Mark {
        var steps, bytes, functions, longStrings, height, greatestHeight: Int
    }

    private var mark: Mark {
        Mark(
            steps: steps.count, bytes: bytes.count, functions: functions.count, longStrings: longStrings.count,
            height: height, greatestHeight: greatestHeight)
    }

    private mutating func restore(_ mark: Mark) {
        steps.removeSubrange(mark.steps...)
        bytes.removeSubrange(mark.bytes...)
        functions.removeSubrange(mark.functions...)
        longStrings.removeSubrange(mark.longStrings...)
        (height, greatestHeight) = (mark.height, mark.greatestHeight)
    }

    // MARK: Writing steps

    private mutating func push(_ value: LuaValue, depth: Int) throws(LuaError) {
        switch value {
        case .nil: add(kind: CLUA_STEP_NIL)
        case .boolean(let value): add(kind: CLUA_STEP_BOOLEAN, integer: value ? 1 : 0)
        case .integer(let value): add(kind: CLUA_STEP_INTEGER, integer: value)
        case .number(let value): add(kind: CLUA_STEP_NUMBER, number: value)
        case .string(let value): push(string: value)
        case .function(let function):
            guard let state, function.belongs(to: state) else {
                throw LuaError(reason: .conversion, message: "cannot pass a function of another Lua state")
            }
            functions.append(function)
            add(kind: CLUA_STEP_REFERENCED, integer: lua_Integer(function.reference))
        case .table(let table):
            guard depth < LuaStack.maximumDepth else {
                throw LuaError(
                    reason: .conversion, message: "tables nested deeper than \(LuaStack.maximumDepth) levels")
            }
            add(kind: CLUA_STEP_TABLE, integer: lua_Integer(Int32(clamping: table.array.count)),
                length: Int(Int32(clamping: table.map.count)))
            for (offset, element) in table.array.enumerated() {
                try push(element, depth: depth + 1)
                setIndex(Int64(offset + 1))
            }
            for (key, element) in table.map {
                try set(key, to: element, depth: depth + 1)
            }
        }
    }

    private mutating func set(_ key: LuaKey, to value: LuaValue, depth: Int) throws(LuaError) {
        switch key {
        case .integer(let key): add(kind: CLUA_STEP_INTEGER, integer: key)
        case .string(let key): push(string: key)
        }
        try push(value, depth: depth)
        add(kind: CLUA_STEP_SETKEY, height: -2)
    }

    /// Adds the steps that push an array of `strings`, as ``push(_:)`` of their table does.
    mutating func push(strings: [String]) {
        add(kind: CLUA_STEP_TABLE, integer: lua_Integer(Int32(clamping: strings.count)))
        for (offset, string) in strings.enumerated() {
            push(string: string)
            setIndex(Int64(offset + 1))
        }
    }

    /// Adds the step that pushes `string`, its bytes copied.
    mutating func push(string: String) {
        guard string.utf8.count <= Self.longestCopied else {
            longStrings.append((steps.count, string))
            return add(kind: CLUA_STEP_NIL)
        }
        let offset = bytes.count
        bytes.append(contentsOf: string.utf8)
        add(kind: CLUA_STEP_STRING, offset: offset, length: bytes.count - offset)
    }

    /// Adds a step, which changes the number of values on the stack by `height` (a push by one).
    private mutating func add(
        kind: Int32, integer: lua_Integer = 0, number: lua_Number = 0, offset: Int = 0, length: Int = 0,
        height: Int = 1
    ) {
        steps.append(clua_Step(kind: kind, integer: integer, number: number, offset: offset, length: length))
        self.height += height
        greatestHeight = max(greatestHeight, self.height)
    }
}
