#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLua

/// Moves ``LuaValue``s on and off one Lua stack, and runs calls on it under `lua_pcall`.
///
/// It does not balance the stack itself: each method states what it leaves, and the public methods of
/// ``LuaState`` put the top back with a ``LuaStackGuard``. Only raw accesses are used (`lua_rawget`, `lua_next`),
/// so no metamethod runs and nothing can raise except running out of memory; and what allocates (making a string or a
/// table, setting an entry, growing the registry) runs in C under `lua_pcall`, so that even that is a status.
///
/// A C function may use `LUA_MINSTACK` (20) slots without asking; the bridge asks (`lua_checkstack`) before
/// pushing a number of values that depends on the data: arguments, results, each level of a table read, and for
/// each stretch of the steps that make a value (``LuaValueSteps``), as many as they leave.
struct LuaStack {
    /// Tables nested deeper than this are refused both ways, long before the C stack is at risk.
    static let maximumDepth = 100
    /// The most elements a table read takes room for before it has read them.
    private static let firstElements = 64

    /// The `lua_State *` whose stack this is; in a Swift function, the thread that called it.
    let pointer: OpaquePointer
    /// The state functions read from this stack are referenced in; `nil` while the state closes.
    let state: LuaState?

    /// A view of `pointer`'s stack whose functions are referenced in `state`.
    init(_ pointer: OpaquePointer, state: LuaState?) {
        self.pointer = pointer
        self.state = state
    }

    /// Makes room for `count` more values.
    /// [-0, +0, -] The corresponding C function is `lua_checkstack`.
    func reserve(_ count: Int) throws(LuaError) {
        guard let slots = Int32(exactly: count), lua_checkstack(pointer, slots) != 0 else {
            throw LuaError(reason: .memory, message: "Lua stack cannot grow by \(count) values")
        }
    }

    // MARK: Swift to Lua

    /// Pushes `function`, which must be a function of this stack's state. Allocates nothing.
    /// [-0, +1, -] The corresponding C function is `lua_rawgeti` (of the registry).
    func push(function: LuaFunctionReference) throws(LuaError) {
        guard let state, function.belongs(to: state) else {
            throw LuaError(reason: .conversion, message: "cannot pass a function of another Lua state")
        }
        lua_rawgeti(pointer, clua_registryindex(), lua_Integer(function.reference))
    }

    /// Pushes `value`, made by the shim under `lua_pcall` (``LuaValueSteps``), so that running out of memory never
    /// raises: it is a thrown error, `not enough memory` with no position (the caller knows what the value was for),
    /// the stack left as it was and what was made of the value collected at once, as after a failed call
    /// (``call(argumentCount:)``).
    /// [-0, +1, -] The corresponding C functions are `lua_pushlstring` and `lua_createtable`, under `lua_pcall`.
    func push(_ value: LuaValue) throws(LuaError) {
        try push([value])
    }

    /// Pushes `values` as ``push(_:)`` pushes one; a failure pushes none of them.
    /// [-0, +values.count, -] The corresponding C functions are `lua_pushlstring` and `lua_createtable`, under
    /// `lua_pcall`.
    func push(_ values: [LuaValue]) throws(LuaError) {
        var steps = LuaValueSteps(on: self)
        for value in values {
            try steps.push(value)
        }
        try steps.finish(results: Int32(values.count))
    }

    /// Pushes `handle`, its new table made under `lua_pcall` as ``push(_:)`` makes values, a failure thrown as there.
    /// [-0, +1, -] The corresponding C function is `lua_createtable`, under `lua_pcall`.
    func push(handle: LuaHandle) throws(LuaError) {
        try reserve(2)
        var name = handle.name
        let status = handle.nameKey.withUTF8Buffer { nameKey in
            handle.numberKey.withUTF8Buffer { numberKey in
                name.withUTF8 { name in
                    var made = clua_Handle(
                        namekey: Self.characters(nameKey), namekeylength: nameKey.count, name: Self.characters(name),
                        namelength: name.count, numberkey: Self.characters(numberKey),
                        numberkeylength: numberKey.count, number: handle.number)
                    return clua_newhandle(pointer, &made)
                }
            }
        }
        guard status == LUA_OK else {
            let error = popError(status: status)
            if error.reason == .memory { clua_collectgarbage(pointer) }
            throw error
        }
    }

    /// The start of `bytes` as C characters, for the shim.
    private static func characters(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafePointer<CChar>? {
        UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self)
    }

    /// Sets `key` to `value`, raw, in the table on top, which it pops, under `lua_pcall` (the table may have to grow);
    /// a failure is thrown as by ``push(_:)``, the table popped all the same.
    /// [-1, +0, -] The corresponding C function is `lua_rawset`, under `lua_pcall`.
    func set(_ key: LuaKey, to value: LuaValue) throws(LuaError) {
        var steps = LuaValueSteps(on: self, arguments: 1)
        try steps.set(key, to: value)
        try steps.finish(results: 0)
    }

    /// Pushes `message`, for a Swift function's trampoline to raise, made under `lua_pcall` as ``push(_:)`` makes
    /// strings (two free stack slots needed); when Lua cannot make it, its own error object (`not enough memory`)
    /// is pushed instead.
    /// [-0, +1, -] The corresponding C function is `lua_pushlstring`, under `lua_pcall`.
    func push(message: String) {
        _ = LuaValueSteps.push(inPlace: message, on: pointer)
    }

    /// Pushes `string` with its exact bytes, embedded NULs included; unprotected, so only for opening a state, before
    /// any Lua code runs, when there is memory for a name (``push(_:)`` is the protected push).
    /// [-0, +1, m] The corresponding C function is `lua_pushlstring`.
    func push(string: String) {
        var string = string
        string.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { characters in
                _ = lua_pushlstring(pointer, characters.baseAddress, characters.count)
            }
        }
    }

    /// The error one of the shim's protected operations (making a value, a Swift function, a registry reference)
    /// left on top, popped, as a ``LuaError`` without a position.
    /// [-1, +0, -] The corresponding C function is `lua_tolstring`.
    func popError(status: Int32) -> LuaError {
        let message = lua_type(pointer, -1) == LUA_TSTRING ? string(at: -1) : "(error object is not a string)"
        lua_settop(pointer, -2)
        return LuaError(reason: LuaError.reason(status: status), message: message)
    }

    // MARK: Lua to Swift

    /// The value at `index`, tables copied and functions referenced. A part without a Swift form is a
    /// ``LuaError/Reason/conversion`` error whose message says what it is and where in the value
    /// (``LuaConversionFailure``).
    /// [-0, +0, -] The corresponding C function is `lua_type`, then `lua_tointegerx`, `lua_tolstring`… by type.
    func value(at index: Int32) throws(LuaError) -> LuaValue {
        var reading = Reading()
        return try value(at: lua_absindex(pointer, index), depth: 0, reading: &reading)
    }

    /// The results of a call, from `first` to the top; a part of one without a Swift form is an error saying what it
    /// returned, for the caller to put the function's name in front: `returned a table that contains itself`.
    /// [-0, +0, -] The corresponding C function is `lua_gettop`.
    func results(from first: Int32) throws(LuaError) -> [LuaValue] {
        var values: [LuaValue] = []
        for index in stride(from: first, through: lua_gettop(pointer), by: 1) {
            do {
                values.append(try value(at: index))
            } catch {
                guard let failure = error.conversionFailure else { throw error }
                let which = index == first ? "" : "as result \(index - first + 1) "
                throw LuaError(reason: .conversion, message: "returned \(which)\(failure.valueDescription)")
            }
        }
        return values
    }

    /// The value at `index` with each field of a table whose value has no Swift form `nil` and each such key left
    /// out, for checking the keys of an argument whose value cannot all be read.
    /// [-0, +0, -] The corresponding C function is `lua_next`.
    func valueWithoutUnreadableFields(at index: Int32) -> LuaValue {
        let index = lua_absindex(pointer, index)
        let top = lua_gettop(pointer)
        // A failed read leaves what it had pushed.
        defer { lua_settop(pointer, top) }
        if let value = try? value(at: index) { return value }
        lua_settop(pointer, top)
        guard lua_type(pointer, index) == LUA_TTABLE, (try? reserve(2)) != nil else { return .nil }
        var map: [LuaKey: LuaValue] = [:]
        lua_pushnil(pointer)
        while lua_next(pointer, index) != 0 {
            let value = lua_gettop(pointer)
            if let key = try? self.key(at: value - 1, path: LuaReadingStack()) {
                map[key] = (try? self.value(at: value)) ?? .nil
            }
            lua_settop(pointer, value - 1)
        }
        return .table(LuaTable(entries: map))
    }

    /// What a conversion keeps track of while it reads a value: the tables being read around the part it reads, so
    /// that one that contains itself is caught instead of recursing forever (a table merely shared by two fields is
    /// read twice), and the keys down to that part, for an error to name it.
    private struct Reading {
        var enclosingTables = LuaReadingStack<UnsafeRawPointer>()
        var path = LuaReadingStack<LuaKey>()
    }

    /// The value at the absolute `index`, `depth` tables down in what is being read.
    /// [-0, +0, -] The corresponding C function is `lua_type`.
    private func value(at index: Int32, depth: Int, reading: inout Reading) throws(LuaError) -> LuaValue {
        switch lua_type(pointer, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(pointer, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(pointer, index) != 0 {
                return .integer(clua_tointeger(pointer, index))
            }
            return .number(clua_tonumber(pointer, index))
        case LUA_TSTRING: return .string(try text(at: index, path: reading.path, isKey: false))
        case LUA_TTABLE:
            return .table(try table(at: index, depth: depth, reading: &reading))
        case LUA_TFUNCTION:
            guard let state else {
                throw LuaError(reason: .stateClosed, message: "cannot reference a function while the state closes")
            }
            return .function(LuaFunctionReference(state: state, reference: try reference(at: index)))
        default:
            throw LuaError(
                LuaConversionFailure(problem: .typeWithoutValue(typeName(at: index)), path: reading.path.elements))
        }
    }

    /// The entries of the table at the absolute `index`, read raw: the sequence by index, then the other entries,
    /// so that an element of the sequence costs no hashing.
    /// [-0, +0, -] The corresponding C function is `lua_rawgeti`, then `lua_next`.
    private func table(at index: Int32, depth: Int, reading: inout Reading) throws(LuaError) -> LuaTable {
        guard depth < Self.maximumDepth else {
            throw LuaError(LuaConversionFailure(problem: .nestedTooDeeply, path: reading.path.prefix(1)))
        }
        let identity = lua_topointer(pointer, index)!
        if let first = reading.enclosingTables.firstIndex(of: identity) {
            throw LuaError(LuaConversionFailure(problem: .containsItself, path: reading.path.prefix(first)))
        }
        reading.enclosingTables.append(identity)
        defer { reading.enclosingTables.removeLast() }
        try reserve(3)
        var array: [LuaValue] = []
        // Room for the sequence as Lua counts it (a border, which may lie past a hole, so only the room), at most
        // ``firstElements``: grown one element at a time, a task's argv of two words took two allocations.
        array.reserveCapacity(min(Int(clamping: lua_rawlen(pointer, index)), Self.firstElements))
        while lua_rawgeti(pointer, index, lua_Integer(array.count + 1)) != LUA_TNIL {
            reading.path.append(.integer(Int64(array.count + 1)))
            array.append(try value(at: lua_gettop(pointer), depth: depth + 1, reading: &reading))
            reading.path.removeLast()
            lua_settop(pointer, -2)
        }
        lua_settop(pointer, -2)
        var map: [LuaKey: LuaValue] = [:]
        let top = lua_gettop(pointer)
        let pathLength = reading.path.count
        lua_pushnil(pointer)
        do throws(LuaError) {
            while lua_next(pointer, index) != 0 {
                if !isSequenceIndex(at: -2, count: array.count) {
                    let key = try self.key(at: -2, path: reading.path)
                    reading.path.append(key)
                    map[key] = try value(at: lua_gettop(pointer), depth: depth + 1, reading: &reading)
                    reading.path.removeLast()
                }
                lua_settop(pointer, -2)
            }
        } catch {
            guard error.conversionFailure != nil else { throw error }
            lua_settop(pointer, top)
            reading.path.removeLast(downTo: pathLength)
            throw try firstFailure(amongEntriesOf: index, past: array.count, depth: depth, reading: &reading)
        }
        return LuaTable(array: array, map: map)
    }

    /// The conversion error of the entry of the table at the absolute `index`, past its sequence of `count`
    /// elements, that comes first of those that have one: a key that cannot be read first, by its error's message,
    /// then the others by key (``LuaKey/precedes(_:)``). `lua_next` gives the entries in an order Lua seeds anew in
    /// each state (`luai_makeseed`), and a table with two such entries was refused for one or the other from run to
    /// run; read again only once one has failed, so that a table read whole costs nothing more.
    ///
    /// - Throws: ``LuaError`` for a failure that is no conversion error (running out of memory).
    /// [-0, +0, -] The corresponding C function is `lua_next`.
    private func firstFailure(
        amongEntriesOf index: Int32, past count: Int, depth: Int, reading: inout Reading
    ) throws(LuaError) -> LuaError {
        let top = lua_gettop(pointer)
        defer { lua_settop(pointer, top) }
        var first: (key: LuaKey?, error: LuaError)?
        lua_pushnil(pointer)
        while lua_next(pointer, index) != 0 {
            let value = lua_gettop(pointer)
            if !isSequenceIndex(at: -2, count: count),
                let failure = failure(ofEntryAt: value, depth: depth, reading: &reading)
            {
                guard failure.error.conversionFailure != nil else { throw failure.error }
                if first.map({ Self.precedes(failure, $0) }) ?? true { first = failure }
            }
            lua_settop(pointer, value - 1)
        }
        // The entry that failed before is among those read again.
        return first!.error
    }

    /// The error of reading the entry whose value is at the absolute `value` and key just below it, with that key
    /// when it can be read; `nil` when both can be.
    private func failure(ofEntryAt value: Int32, depth: Int, reading: inout Reading)
        -> (key: LuaKey?, error: LuaError)?
    {
        let key: LuaKey
        do throws(LuaError) {
            key = try self.key(at: value - 1, path: reading.path)
        } catch {
            return (nil, error)
        }
        reading.path.append(key)
        defer { reading.path.removeLast() }
        do throws(LuaError) {
            _ = try self.value(at: value, depth: depth + 1, reading: &reading)
        } catch {
            return (key, error)
        }
        return nil
    }

    /// Whether `failure` is reported before `other`: a key that cannot be read before a value, by message, and values
    /// by their keys.
    private static func precedes(_ failure: (key: LuaKey?, error: LuaError), _ other: (key: LuaKey?, error: LuaError))
        -> Bool
    {
        switch (failure.key, other.key) {
        case (nil, nil): failure.error.message < other.error.message
        case (nil, _?): true
        case (_?, nil): false
        case (let key?, let otherKey?): key.precedes(otherKey)
        }
    }

    /// A copy of the value at `index` stored in the registry, by its key there, under `lua_pcall` (the registry may
    /// have to grow); a failure is thrown as by ``push(_:)``.
    /// [-0, +0, -] The corresponding C function is `luaL_ref`.
    private func reference(at index: Int32) throws(LuaError) -> Int32 {
        try reserve(2)
        var reference: Int32 = 0
        let status = clua_reference(pointer, index, &reference)
        guard status == LUA_OK else { throw popError(status: status) }
        return reference
    }

    /// Whether the key at `index` is an integer in `1...count`: an element of the sequence already read.
    /// [-0, +0, -] The corresponding C function is `lua_isinteger`.
    private func isSequenceIndex(at index: Int32, count: Int) -> Bool {
        guard lua_type(pointer, index) == LUA_TNUMBER, lua_isinteger(pointer, index) != 0 else { return false }
        let key = clua_tointeger(pointer, index)
        return key >= 1 && key <= count
    }

    /// Reads a key of the table at `path` without converting it in place, which would confuse `lua_next`.
    /// [-0, +0, -] The corresponding C function is `lua_tointegerx` or `lua_tolstring`.
    private func key(at index: Int32, path: LuaReadingStack<LuaKey>) throws(LuaError) -> LuaKey {
        let wrongType: String
        switch lua_type(pointer, index) {
        case LUA_TSTRING: return .string(try text(at: index, path: path, isKey: true))
        case LUA_TNUMBER where lua_isinteger(pointer, index) != 0: return .integer(clua_tointeger(pointer, index))
        case LUA_TNUMBER: wrongType = "the float \(clua_tonumber(pointer, index))"
        default: wrongType = "a \(typeName(at: index))"
        }
        throw LuaError(LuaConversionFailure(problem: .keyOfWrongType(wrongType), path: path.elements))
    }

    /// The string at `index` (which must be a string, so nothing is converted in place) as Swift text: the value at
    /// `path`, or a key of the table there (`isKey`).
    ///
    /// Lua strings are bytes; one that is not UTF-8 is refused rather than read with U+FFFD in place of its bytes,
    /// which would give a task another argument, another file name, than the recipe wrote. The message shows its
    /// bytes that are not ASCII as `\xNN`, as prx names a file whose name is not UTF-8.
    /// [-0, +0, -] The corresponding C function is `lua_tolstring`.
    private func text(at index: Int32, path: LuaReadingStack<LuaKey>, isKey: Bool) throws(LuaError) -> String {
        var length = 0
        let characters = lua_tolstring(pointer, index, &length)
        let bytes = UnsafeRawBufferPointer(start: characters, count: length)
        // Decoded, U+FFFD in place of what is not UTF-8, and compared with the bytes, which are UTF-8 when the text is
        // them (a repair can keep the length, so the bytes are compared): `String(validating:as:)` went through the
        // standard library's generic validation, which looks up type metadata at each string, some 900 instructions.
        var text = String(decoding: bytes, as: UTF8.self)
        guard text.utf8.count == length,
            text.withUTF8({ length == 0 || memcmp($0.baseAddress!, characters!, length) == 0 })
        else {
            let shown = SourceFileSystem.escaped(bytes)
            throw LuaError(
                LuaConversionFailure(problem: isKey ? .keyNotUTF8(shown) : .notUTF8(shown), path: path.elements))
        }
        return text
    }

    /// The string at `index`, decoded as UTF-8 with U+FFFD for bytes that are not: for error messages.
    /// [-0, +0, -] The corresponding C function is `lua_tolstring`.
    private func string(at index: Int32) -> String {
        var length = 0
        let characters = lua_tolstring(pointer, index, &length)
        return String(decoding: UnsafeRawBufferPointer(start: characters, count: length), as: UTF8.self)
    }

    /// Lua's name for the type of the value at `index`.
    /// [-0, +0, -] The corresponding C function is `lua_typename`.
    private func typeName(at index: Int32) -> String {
        String(cString: lua_typename(pointer, lua_type(pointer, index)))
    }

    // MARK: Calls

    /// Calls the function below the `argumentCount` values on top, under `lua_pcall` with `clua_messagehandler`
    /// slid in below it; returns the handler's index, the results being everything above it.
    ///
    /// After running out of memory it collects the garbage the call left (a table it was filling, say) at once:
    /// Lua would hold it until it next runs short itself, and meanwhile the process, which shares that memory, may
    /// fail to start a task's process or make a thread.
    /// [-(argumentCount + 1), +(1 + results), -] The corresponding C function is `lua_pcall`.
    func call(argumentCount: Int32) throws(LuaError) -> Int32 {
        try reserve(2)
        let handler = lua_gettop(pointer) - argumentCount
        clua_pushmessagehandler(pointer)
        lua_rotate(pointer, handler, 1)
        clua_forgetallocationfailure(pointer)
        let status = clua_pcall(pointer, argumentCount, LUA_MULTRET, handler)
        guard status == LUA_OK else {
            let error = error(status: status)
            if status == LUA_ERRMEM { clua_collectgarbage(pointer) }
            throw error
        }
        return handler
    }

    /// The error a failed load or call left on top: the `{message, traceback, where, callers, reaches}` table from
    /// `clua_messagehandler`, or a plain message when the handler did not run (syntax, memory and file errors). A
    /// message that names no position gets `where`'s, the line that raised it; running out of memory, which has
    /// neither, gets the line the Lua code was running when an allocation failed (`clua_recordingalloc`). The
    /// lines calling the function that raised it are its ``LuaError/callers``.
    /// [-0, +0, m] The corresponding C function is `lua_rawgeti`.
    func error(status: Int32) -> LuaError {
        let reason = LuaError.reason(status: status)
        guard lua_type(pointer, -1) == LUA_TTABLE else {
            let message = lua_type(pointer, -1) == LUA_TSTRING ? string(at: -1) : "(error object is not a string)"
            var error = LuaError(reason: reason, luaMessage: message, traceback: nil)
            if status == LUA_ERRMEM && error.chunk == nil {
                error.place(at: String(cString: clua_allocationfailurewhere(pointer)))
            }
            return withFullChunkName(error)
        }
        lua_rawgeti(pointer, -1, 1)
        lua_rawgeti(pointer, -2, 2)
        lua_rawgeti(pointer, -3, 3)
        var error = LuaError(reason: reason, luaMessage: string(at: -3), traceback: string(at: -2))
        if error.chunk == nil {
            error.place(at: string(at: -1))
        }
        lua_settop(pointer, -4)
        error = withFullChunkName(error)
        error.callers = callers(inHandlerTableOnTop: error)
        return error
    }

    /// The callers `clua_messagehandler` recorded in its table on top (`callers`, `reaches`), as
    /// ``LuaState/callers(sharing:above:)`` gives those of a running call; the nearest left out when `error`'s message
    /// names its line (`error("x", 2)` names the caller's), which would name it twice.
    /// [-0, +0, -] The corresponding C function is `lua_rawgeti`.
    private func callers(inHandlerTableOnTop error: LuaError) -> LuaCallers {
        guard lua_rawgeti(pointer, -1, 4) == LUA_TTABLE else {
            lua_settop(pointer, -2)
            return LuaCallers()
        }
        var positions: [LuaSourcePosition] = []
        for pair in stride(from: lua_Integer(1), to: lua_Integer(lua_rawlen(pointer, -1)), by: 2) {
            lua_rawgeti(pointer, -1, pair)
            let chunk = string(at: -1)
            lua_rawgeti(pointer, -2, pair + 1)
            let line = Int(clua_tointeger(pointer, -1))
            lua_settop(pointer, -3)
            positions.append(LuaSourcePosition(chunk: state?.fullChunkName(chunk) ?? chunk, line: line))
        }
        lua_rawgeti(pointer, -2, 5)
        let reachesTheTop = lua_toboolean(pointer, -1) != 0
        lua_settop(pointer, -3)
        if let chunk = error.chunk, let line = error.line,
            positions.first == LuaSourcePosition(chunk: chunk, line: line)
        {
            positions.removeFirst()
        }
        return LuaCallers(positions, reachesTheTop: reachesTheTop)
    }

    /// `error` naming its chunk in full, where Lua's message shortened a long name (``LuaState/fullChunkName(_:)``).
    private func withFullChunkName(_ error: LuaError) -> LuaError {
        guard let state, let chunk = error.chunk else { return error }
        var error = error
        error.chunk = state.fullChunkName(chunk)
        return error
    }
}
