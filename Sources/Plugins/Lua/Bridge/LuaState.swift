import CLua
import CSystem

/// One Lua interpreter (a `lua_State *`), opened with a chosen set of ``LuaLibrary``s and closed when released,
/// unless it is left open for the process's exit (``init(libraries:closesWhenReleased:)``).
///
/// Not `Sendable`: Lua runs on one thread at a time, so a state and everything made from it stay on the thread or actor
/// that created them. Every method leaves the Lua stack as it found it, on success and on error, but the one that
/// leaves a Swift function its result (``call(_:_:leavingFirstResultOn:)``). Swift calls into Lua only under
/// `lua_pcall`, and Lua calls into Swift only through the C trampoline of ``makeFunction(named:checkingKeys:_:)``,
/// ``makeHandleFunction(named:checkingKeys:_:)``, ``makeArrayFunction(named:_:)`` and ``makeResultFunction(named:_:)``,
/// so a Lua error never unwinds through Swift frames. That includes running out of memory as a value is made (the `m`
/// in Lua's stack indicators), which Lua raises wherever it happens: the strings and tables Swift hands Lua, the Swift
/// functions and the registry references are made by the shim's C code under `lua_pcall`, so that running out of memory
/// is a ``LuaError``, never Lua's panic, which would abort the process.
/// Only opening a state (``init(libraries:closesWhenReleased:)``) and loading a file (``load(file:)``, whose
/// `luaL_loadfilex` names the chunk unprotected) push unprotected, before the code of a recipe or a `--hook` file
/// runs, when Lua holds next to nothing.
public final class LuaState {
    /// The `lua_State *` this object owns.
    let pointer: OpaquePointer
    /// Stops this state's Lua code when it does not return after prx was told to stop.
    public let interruption: LuaInterruption
    /// Whether releasing this object closes the Lua state.
    private let closesWhenReleased: Bool
    /// The names of the loaded chunks Lua shortens in messages and positions (over 59 bytes: `...` and the end of a
    /// file's path), by that short form.
    private var fullChunkNames: [String: String] = [:]

    /// Opens a state with `libraries` (all of them, each narrowed as ``LuaLibrary`` describes, by default).
    ///
    /// With `closesWhenReleased: false` the state is never closed: it lasts until the process exits, its memory
    /// and files released by the system. Closing a state calls the `__gc` metamethod of every value still alive,
    /// and Lua calls those with its hooks off, so ``LuaInterruption`` cannot stop one that does not return, nor can
    /// any signal: a process that is about to end anyway has nothing to gain from closing a state that runs code
    /// someone else wrote.
    /// [-0, +0, m] The corresponding C function is `luaL_newstate`.
    public init(
        libraries: Set<LuaLibrary> = Set(LuaLibrary.allCases), closesWhenReleased: Bool = true
    ) throws(LuaError) {
        guard let pointer = luaL_newstate() else {
            throw LuaError(reason: .memory, message: "not enough memory to open a Lua state")
        }
        clua_clearextraspace(pointer)
        // So that running out of memory names the line that did (`LuaStack.error(status:)`).
        guard clua_recordallocationfailures(pointer) != 0 else {
            lua_close(pointer)
            throw LuaError(reason: .memory, message: "not enough memory to open a Lua state")
        }
        self.pointer = pointer
        self.closesWhenReleased = closesWhenReleased
        interruption = LuaInterruption(pointer)
        for library in LuaLibrary.allCases where libraries.contains(library) {
            try open(library)
        }
    }

    deinit {
        interruption.close()
        if closesWhenReleased {
            clua_close(pointer)
        }
    }

    /// Compiles the file at `path` (text only, never precompiled chunks), or standard input when `path` is `nil`,
    /// into a function, without running it.
    ///
    /// The chunk is named `@path`, so messages read `path:12: message` with `path` as given: the errors and
    /// positions this state gives name it in full, where Lua shortens a path longer than 59 bytes to `...` and its
    /// end. Standard input's is named ``standardInputName``, as Lua names it: `stdin:12: message`. Every error but
    /// a file that cannot be opened or read (whose message names it) names the chunk, even where Lua's names no
    /// position (``nameChunk(of:as:)``).
    /// [-0, +0, m] The corresponding C function is `luaL_loadfilex`.
    public func load(file path: String?) throws(LuaError) -> LuaFunctionReference {
        let stackGuard = LuaStackGuard(pointer)
        defer { stackGuard.restore() }
        let stack = LuaStack(pointer, state: self)
        clua_forgetallocationfailure(pointer)
        let status = luaL_loadfilex(pointer, path, "t")
        guard status == LUA_OK else {
            // What the compiler had made is garbage now: collected before Swift needs memory for the error.
            if status == LUA_ERRMEM { clua_collectgarbage(pointer) }
            // A file that does not compile is named in the message before its chunk exists.
            if let path { remember(path, shortenedTo: Self.shortName(ofFile: path)) }
            var error = stack.error(status: status)
            Self.nameChunk(of: &error, as: path ?? Self.standardInputName)
            throw error
        }
        if let path { rememberFullName(path) }
        if path.map(OwnDescriptorPath.namesStandardInput) ?? true {
            StandardInputReading.noteLoadedLuaFile(named: path ?? Self.standardInputName)
        }
        return try functionOnTop(of: stack)
    }

    /// The name of a chunk read from standard input (``load(file:)`` without a path), as Lua gives it.
    public static let standardInputName = "stdin"

    /// Compiles `source` (text only) into a function named `name`, without running it; messages read
    /// `name:12: message`, with `name` in full (Lua cuts it at 59 bytes), every error of compiling it included
    /// (``nameChunk(of:as:)``).
    /// [-0, +0, m] The corresponding C function is `luaL_loadbufferx`.
    public func load(string source: String, name: String) throws(LuaError) -> LuaFunctionReference {
        let stackGuard = LuaStackGuard(pointer)
        defer { stackGuard.restore() }
        let stack = LuaStack(pointer, state: self)
        var source = source
        clua_forgetallocationfailure(pointer)
        let status = source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { characters in
                luaL_loadbufferx(pointer, characters.baseAddress, characters.count, "=" + name, "t")
            }
        }
        guard status == LUA_OK else {
            if status == LUA_ERRMEM { clua_collectgarbage(pointer) }
            remember(name, shortenedTo: String(decoding: name.utf8.prefix(Self.shortNameLength), as: UTF8.self))
            var error = stack.error(status: status)
            Self.nameChunk(of: &error, as: name)
            throw error
        }
        rememberFullName(name)
        return try functionOnTop(of: stack)
    }

    /// Compiles `source`, prx's own Lua code, as ``load(string:name:)`` does, and drops its lines (the debug
    /// information of them, as `string.dump(f, true)` does), so that none of it is ever named as a position: a frame of
    /// it runs no line, as a C function's, and the messages about the code running there (an error `tostring` raises
    /// for the Lua code's value, the interruption's error when prx is told to stop) name the line of the Lua code that
    /// called it, as Lua's own C functions leave them (`hooks.lua:3: '__tostring' must return a string`, not `print:50:
    /// …`).
    /// [-0, +0, m] The corresponding C functions are `lua_dump` and `luaL_loadbufferx`, under `lua_pcall`.
    func load(ownCode source: String, name: String) throws(LuaError) -> LuaFunctionReference {
        let function = try load(string: source, name: name)
        let stackGuard = LuaStackGuard(pointer)
        defer { stackGuard.restore() }
        let stack = LuaStack(pointer, state: self)
        try call(clua_withoutlines, with: function, on: stack)
        return try functionOnTop(of: stack)
    }

    /// Calls the shim's C function `function` with `argument` under `lua_pcall`, its results left on top of `stack`.
    /// [-0, +(1 + results), -] The corresponding C function is `lua_pcall`.
    private func call(_ function: lua_CFunction, with argument: LuaFunctionReference, on stack: LuaStack)
        throws(LuaError)
    {
        try stack.reserve(2)
        lua_pushcclosure(pointer, function, 0)
        try stack.push(function: argument)
        _ = try stack.call(argumentCount: 1)
    }

    /// Names the chunk `name` in `error`, an error of compiling it whose message names no position: Lua's refusal of
    /// a precompiled chunk (`attempt to load a binary chunk (mode is 't')`) and running out of memory, which are
    /// about the chunk as a whole, and its "C stack overflow", a chunk nested too deeply to compile, which Lua's
    /// parser raises as a running function's error when none runs, so that no line is known. A file that cannot be
    /// opened or read is left as it is: its message names it.
    private static func nameChunk(of error: inout LuaError, as name: String) {
        guard error.chunk == nil && error.reason != .file else { return }
        error.chunk = name
    }

    /// The global `name`, read raw (no `__index` on `_G`).
    /// [-0, +0, -] The corresponding C function is `lua_rawget`.
    public func global(_ name: String) throws(LuaError) -> LuaValue {
        let stackGuard = LuaStackGuard(pointer)
        defer { stackGuard.restore() }
        let stack = LuaStack(pointer, state: self)
        pushGlobals()
        try stack.push(.string(name))
        lua_rawget(pointer, -2)
        return try stack.value(at: -1)
    }

    /// Sets the global `name` to `value`, raw (no `__newindex` on `_G`); `.nil` removes it.
    /// [-0, +0, -] The corresponding C function is `lua_rawset`.
    public func setGlobal(_ name: String, to value: LuaValue) throws(LuaError) {
        let stackGuard = LuaStackGuard(pointer)
        defer { stackGuard.restore() }
        let stack = LuaStack(pointer, state: self)
        pushGlobals()
        try stack.set(.string(name), to: value)
    }

    /// Makes `body` a Lua function of this state, to pass to Lua as a `.function` value.
    ///
    /// Lua keeps `body` alive as long as Lua code can reach the function, and releases it when Lua collects
    /// the function or the state closes. `body` may capture the state's function references, but capturing the
    /// state itself keeps it open for good.
    ///
    /// `name`, the name Lua code calls it by (`prx.task`), names it in the error of an argument that has no Swift
    /// form, after `keyCheck` has checked the keys of the arguments (``LuaSwiftFunction``, ``LuaKeyCheck``).
    ///
    /// - Throws: ``LuaError/Reason/memory`` when Lua has no memory left for it.
    /// [-0, +0, -] The corresponding C function is `lua_pushcclosure`.
    public func makeFunction(
        named name: String? = nil, checkingKeys keyCheck: LuaKeyCheck? = nil, _ body: @escaping LuaSwiftFunction
    ) throws(LuaError) -> LuaFunctionReference {
        try makeFunction(.values(body), name: name, keyCheck: keyCheck)
    }

    /// Makes `body` a Lua function of this state that returns one handle (``LuaHandle``); kept alive, named and its
    /// keys checked as ``makeFunction(named:checkingKeys:_:)`` describes.
    /// [-0, +0, -] The corresponding C function is `lua_pushcclosure`.
    public func makeHandleFunction(
        named name: String? = nil, checkingKeys keyCheck: LuaKeyCheck? = nil, _ body: @escaping LuaHandleFunction
    ) throws(LuaError) -> LuaFunctionReference {
        try makeFunction(.handle(body), name: name, keyCheck: keyCheck)
    }

    /// Makes `body` a Lua function of this state that returns one array, built as `body` appends to it; kept
    /// alive, and named, as ``makeFunction(named:checkingKeys:_:)`` describes.
    /// [-0, +0, -] The corresponding C function is `lua_pushcclosure`.
    public func makeArrayFunction(named name: String? = nil, _ body: @escaping LuaArrayFunction) throws(LuaError)
        -> LuaFunctionReference
    {
        try makeFunction(.array(body), name: name, keyCheck: nil)
    }

    /// Makes `body` a Lua function of this state that sets its one result itself, which may be what a Lua function it
    /// calls returned, as it returned it; kept alive, and named, as ``makeFunction(named:checkingKeys:_:)`` describes.
    /// [-0, +0, -] The corresponding C function is `lua_pushcclosure`.
    public func makeResultFunction(named name: String? = nil, _ body: @escaping LuaResultFunction) throws(LuaError)
        -> LuaFunctionReference
    {
        try makeFunction(.result(body), name: name, keyCheck: nil)
    }

    /// Makes `body`, of any kind, a Lua function of this state: the one route the public makers take, under
    /// `lua_pcall` (`clua_newswiftfunction`). The box is released here when Lua could not take it, and by its
    /// userdata's `__gc` once it did.
    /// [-0, +0, -] The corresponding C function is `lua_pushcclosure`.
    private func makeFunction(_ body: LuaSwiftFunctionBox.Body, name: String?, keyCheck: LuaKeyCheck?)
        throws(LuaError) -> LuaFunctionReference
    {
        let stackGuard = LuaStackGuard(pointer)
        defer { stackGuard.restore() }
        let stack = LuaStack(pointer, state: self)
        try stack.reserve(2)
        let box = Unmanaged.passRetained(LuaSwiftFunctionBox(state: self, body: body, name: name, keyCheck: keyCheck))
        var made = clua_NewSwiftFunction(
            call: LuaSwiftFunctionBox.call, release: LuaSwiftFunctionBox.release, box: box.toOpaque(), adopted: 0,
            reference: 0)
        let status = clua_newswiftfunction(pointer, &made)
        guard status == LUA_OK else {
            if made.adopted == 0 { box.release() }
            throw stack.popError(status: status)
        }
        return LuaFunctionReference(state: self, reference: made.reference)
    }

    /// The number of values on the stack; what every method leaves unchanged, which the tests check with it after
    /// each call, whether it succeeded or threw.
    /// [-0, +0, -] The corresponding C function is `lua_gettop`.
    var stackTop: Int32 {
        lua_gettop(pointer)
    }

    /// Calls `function` with `arguments`; see ``LuaFunctionReference/call(_:)-([LuaValue])``. `role` says what the
    /// function is to the caller (`on_finish`), for the state's ``LuaInterruption`` to name it.
    ///
    /// A result Swift cannot take (a string that is not UTF-8, a table that contains itself) is an error at the
    /// line where `function` is defined: it has returned, so no line of it runs any more.
    /// [-0, +0, -] The corresponding C function is `lua_pcall`.
    func call(_ function: LuaFunctionReference, _ arguments: [LuaValue], role: String? = nil) throws(LuaError)
        -> [LuaValue]
    {
        let stackGuard = LuaStackGuard(pointer)
        defer { stackGuard.restore() }
        let stack = LuaStack(pointer, state: self)
        return try call(function, arguments, on: stack, role: role) { handler throws(LuaError) in
            do throws(LuaError) {
                return try stack.results(from: handler + 1)
            } catch {
                throw placed(error, atDefinitionOf: function)
            }
        }
    }

    /// Calls `function` with `arguments` as ``call(_:_:role:)`` does, on `stack` (the stack of the Swift function Lua
    /// is running), and leaves its first result on top of `stack` (`nil` when it returns none) as Lua code calling it
    /// would have it: never read into Swift, so that a table is the same table, with its metatable, and a userdata, a
    /// function or a table that contains itself is no error. See
    /// ``LuaFunctionReference/call(_:leavingFirstResultOn:)``.
    /// [-0, +1, -] The corresponding C function is `lua_pcall`.
    func call(_ function: LuaFunctionReference, _ arguments: [LuaValue], leavingFirstResultOn stack: LuaStack)
        throws(LuaError)
    {
        let stackGuard = LuaStackGuard(stack.pointer)
        do {
            try call(function, arguments, on: stack, role: nil) { handler throws(LuaError) in
                // The handler's slot, below the results, is removed with them past the first (nil when none).
                lua_settop(stack.pointer, handler + 1)
                lua_rotate(stack.pointer, handler, -1)
                lua_settop(stack.pointer, -2)
            }
        } catch {
            stackGuard.restore()
            throw error
        }
    }

    /// Pushes `function` and `arguments` on `stack`, calls it under `lua_pcall` with the message handler
    /// (``LuaStack/call(argumentCount:)``), and hands `results` the handler's index, the results being above it.
    ///
    /// The interruption counts the whole of it as the call, from the pushing of the arguments to the reading of the
    /// results: both allocate, and so may make Lua collect garbage and call a `__gc` metamethod, which runs with
    /// Lua's hooks off and may not return either. Running out of memory as the arguments are made, before any line of
    /// `function` runs, is an error at the line where it is defined. What the call wrote to standard output is written
    /// out when it ends (``flushStandardOutput()``).
    /// [-0, +(1 + results), -] The corresponding C function is `lua_pcall`.
    private func call<Result>(
        _ function: LuaFunctionReference, _ arguments: [LuaValue], on stack: LuaStack, role: String?,
        results: (Int32) throws(LuaError) -> Result
    ) throws(LuaError) -> Result {
        defer { Self.flushStandardOutput() }
        interruption.enter(role: role) { definition(of: function) }
        defer { interruption.leave() }
        do {
            try stack.reserve(1)
            try stack.push(function: function)
            try stack.push(arguments)
        } catch {
            throw placed(error, atDefinitionOf: function)
        }
        let handler = try stack.call(argumentCount: Int32(arguments.count))
        return try results(handler)
    }

    /// Writes out what Lua code left in the C library's buffer of standard output: `io.write` and
    /// `io.stdout:write` add to it, and only `print` flushes it, so that with standard output a pipe or a file their
    /// text came after what prx later wrote to the descriptor itself (a dry run's lines, a `--json /dev/stdout`
    /// file's), or was lost when prx exits without the C library's exit (after a call that did not return). A failed
    /// write is left for the command's own check of standard output at its end, which reports it, and for a run's
    /// hooks' sink, which reports the first as it is next flushed (``LuaHookSink/flush()``).
    /// The corresponding C function is `fflush` (``csystem_flush_standard_output_after_lua()``).
    private static func flushStandardOutput() {
        _ = csystem_flush_standard_output_after_lua()
    }

    /// `error`, with the position where `function` is defined when it names none.
    private func placed(_ error: LuaError, atDefinitionOf function: LuaFunctionReference) -> LuaError {
        guard error.chunk == nil, let position = definition(of: function) else { return error }
        var error = error
        error.chunk = position.chunk
        error.line = position.line
        return error
    }

    /// Frees a registry entry made by `luaL_ref`, when its ``LuaFunctionReference`` goes away.
    /// [-0, +0, -] The corresponding C function is `luaL_unref`.
    func release(_ reference: Int32) {
        luaL_unref(pointer, clua_registryindex(), reference)
    }

    /// Pushes the globals table.
    /// [-0, +1, -] The corresponding C function is `lua_pushglobaltable`.
    private func pushGlobals() {
        lua_rawgeti(pointer, clua_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))
    }

    /// The most bytes of a chunk's name Lua keeps in messages (`LUA_IDSIZE` less its terminating zero).
    private static let shortNameLength = 59

    /// `path` as Lua writes a file chunk's name in messages: whole up to 59 bytes, else `...` and its last 56.
    private static func shortName(ofFile path: String) -> String {
        guard path.utf8.count > shortNameLength else { return path }
        return "..." + String(decoding: path.utf8.suffix(shortNameLength - 3), as: UTF8.self)
    }

    /// Remembers `name` as the full name of the chunk just loaded, on top of the stack, when Lua's own short form
    /// of it (its `short_src`) is another.
    /// [-0, +0, -] The corresponding C function is `lua_getinfo`.
    private func rememberFullName(_ name: String) {
        var record = lua_Debug()
        lua_pushvalue(pointer, -1)
        guard lua_getinfo(pointer, ">S", &record) != 0 else { return }
        let short = withUnsafeBytes(of: &record.short_src) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        remember(name, shortenedTo: short)
    }

    /// Records `full` as the chunk name Lua shortens to `short`; a short form two chunks share (paths with the same
    /// last 56 bytes) stays as Lua writes it, since it cannot say which it is.
    private func remember(_ full: String, shortenedTo short: String) {
        guard short != full else { return }
        if let known = fullChunkNames[short], known != full {
            fullChunkNames[short] = short
        } else {
            fullChunkNames[short] = full
        }
    }

    /// A chunk's name as Lua writes it in messages (`...` and the end of a long path), in full when this state
    /// loaded that chunk.
    func fullChunkName(_ chunk: String) -> String {
        fullChunkNames[chunk] ?? chunk
    }

    /// References the function on top in the registry (under `lua_pcall`, as ``LuaStack/value(at:)`` does).
    /// [-0, +0, -] The corresponding C function is `luaL_ref`.
    private func functionOnTop(of stack: LuaStack) throws(LuaError) -> LuaFunctionReference {
        guard case .function(let function) = try stack.value(at: -1) else {
            preconditionFailure("a successful load leaves a function on top")
        }
        return function
    }

    /// Has `io.write` and `io.stdout:write` hand their words, each a string or a number, to `function` rather than
    /// write them to standard output, raising Lua's own argument errors for any other value (a daemon's, whose
    /// standard output is `/dev/null`).
    /// [-0, +0, -] The corresponding C function is `lua_pcall` of the shim's `clua_handoverstandardoutput`.
    func handStandardOutputWrites(to function: LuaFunctionReference) throws(LuaError) {
        let stackGuard = LuaStackGuard(pointer)
        defer { stackGuard.restore() }
        try call(clua_handoverstandardoutput, with: function, on: LuaStack(pointer, state: self))
    }

    /// Runs `library`'s `luaopen_` function under `lua_pcall`, sets its global (`base` fills `_G` itself) and
    /// its entry in the registry's `_LOADED`, removes the names it does not keep, makes `io.open` read-only and
    /// `load` load text only, and has `io.open`, `io.lines` and `io.input` refuse a path naming a descriptor prx was
    /// started without (``LuaLibrary/refusesDescriptorsPrxLacks``) and record the files they open by name while the
    /// state records them (``startRecordingOpenedFiles()``); has the files' `write` note whether it left a line begun on
    /// standard error (``LuaLibrary/notesStandardErrorLineEnds``); has `io.read`, `io.lines` and the files' `read` and
    /// `lines` refuse to read standard input once one of prx's readers reads it (``LuaLibrary/refusesStandardInputReads``);
    /// `io.stdin` is a closed file when prx was started without standard input (`prx … <&-`).
    /// [-0, +0, m] The corresponding C function is `luaL_requiref`.
    private func open(_ library: LuaLibrary) throws(LuaError) {
        let stackGuard = LuaStackGuard(pointer)
        defer { stackGuard.restore() }
        let stack = LuaStack(pointer, state: self)
        pushGlobals()
        let globals = lua_gettop(pointer)
        lua_pushcclosure(pointer, library.opener, 0)
        stack.push(string: library.rawValue)
        let table = try stack.call(argumentCount: 1) + 1
        if library != .base {
            stack.push(string: library.rawValue)
            lua_pushvalue(pointer, table)
            lua_rawset(pointer, globals)
        }
        // Registered as loaded, as `luaL_requiref` does, so argument errors name functions (`'io.open'`).
        _ = luaL_getsubtable(pointer, clua_registryindex(), LUA_LOADED_TABLE)
        stack.push(string: library == .base ? LUA_GNAME : library.rawValue)
        lua_pushvalue(pointer, table)
        lua_rawset(pointer, -3)
        if let keptNames = library.keptNames {
            for name in names(in: table, stack: stack) where !keptNames.contains(name) {
                stack.push(string: name)
                lua_pushnil(pointer)
                lua_rawset(pointer, table)
            }
        }
        switch library {
        case .io:
            let refusal = LuaLibrary.refusesDescriptorsPrxLacks
            let readRefusal = LuaLibrary.refusesStandardInputReads
            wrap("open", in: table, stack: stack) { clua_pushreadonlyopen($0, refusal) }
            wrap("lines", in: table, stack: stack) { clua_pushrecordinglines($0, refusal, readRefusal) }
            wrap("input", in: table, stack: stack) { clua_pushrecordinginput($0, refusal) }
            wrap("read", in: table, stack: stack) { clua_pushguardedread($0, readRefusal, "io.read") }
            clua_pushfilemethods(pointer)
            let methods = lua_gettop(pointer)
            let note = LuaLibrary.notesStandardErrorLineEnds
            wrap("write", in: methods, stack: stack) { clua_pushnotingwrite($0, note) }
            wrap("read", in: methods, stack: stack) { clua_pushguardedread($0, readRefusal, "io.stdin:read") }
            wrap("lines", in: methods, stack: stack) { clua_pushguardedread($0, readRefusal, "io.stdin:lines") }
            // Reading it would read the `/dev/null` prx holds in its place: no line, as if it had been given none.
            if FileDescriptor.standardInput.wasAbsentAtStart { clua_markstandardinputclosed(pointer, table) }
        case .base: wrap("load", in: table, stack: stack, with: clua_pushtextonlyload)
        case .string, .table, .math, .utf8, .os: break
        }
    }

    /// Replaces the function `name` of the table at `index` with the C closure `pushWrapper` makes over it.
    /// [-0, +0, m] The corresponding C function is `lua_rawset`.
    private func wrap(
        _ name: String, in index: Int32, stack: LuaStack, with pushWrapper: (OpaquePointer?) -> Void
    ) {
        stack.push(string: name)
        lua_pushvalue(pointer, -1)
        lua_rawget(pointer, index)
        pushWrapper(pointer)
        lua_rawset(pointer, index)
    }

    /// The string keys of the table at `index`.
    /// [-0, +0, -] The corresponding C function is `lua_next`.
    private func names(in index: Int32, stack: LuaStack) -> [String] {
        var names: [String] = []
        lua_pushnil(pointer)
        while lua_next(pointer, index) != 0 {
            if lua_type(pointer, -2) == LUA_TSTRING, case .string(let name)? = try? stack.value(at: -2) {
                names.append(name)
            }
            lua_settop(pointer, -2)
        }
        return names
    }
}
