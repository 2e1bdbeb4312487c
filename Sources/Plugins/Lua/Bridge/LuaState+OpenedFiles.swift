import CLua

/// A file Lua code opened (or tried to open) by name with `io.open`, `io.lines` or `io.input` while the state recorded
/// them.
public struct LuaOpenedFile: Sendable, Hashable {
    /// The name as the Lua code gave it (relative ones are taken from prx's working directory, as `fopen` takes them).
    public var name: String
    /// `io.open`, `io.lines` or `io.input`.
    public var function: String
    /// The line of the call, when Lua code made it.
    public var position: LuaSourcePosition?
}

extension LuaState {
    /// Starts recording the files `io.open`, `io.lines` and `io.input` open by name (as they are asked to: a name
    /// whose file could not be opened is recorded too), until ``endRecordingOpenedFiles()``.
    /// [-0, +0, m] The corresponding C function is `lua_setfield` (of the registry).
    public func startRecordingOpenedFiles() {
        clua_startrecordingopenedfiles(pointer)
    }

    /// The files opened by name since ``startRecordingOpenedFiles()``, each once, in the order first opened; later
    /// opens are not recorded. A name that is not UTF-8 is left out (no path prx takes can name its file).
    /// Allocates nothing (the registry field exists since ``startRecordingOpenedFiles()``), so that it cannot fail
    /// after a recipe that left Lua no memory.
    /// [-0, +0, -] The corresponding C functions are `lua_getfield` and `lua_setfield` (of the registry), and
    /// `lua_rawgeti`.
    public func endRecordingOpenedFiles() -> [LuaOpenedFile] {
        let stackGuard = LuaStackGuard(pointer)
        defer { stackGuard.restore() }
        clua_pushopenedfilesandstop(pointer)
        guard lua_type(pointer, -1) == LUA_TTABLE else { return [] }
        let list = lua_gettop(pointer)
        var files: [LuaOpenedFile] = []
        var index: lua_Integer = 1
        while lua_rawgeti(pointer, list, index) == LUA_TTABLE {
            let entry = lua_gettop(pointer)
            let texts = (1...3).map { field in
                lua_rawgeti(pointer, entry, lua_Integer(field))
                defer { clua_pop(pointer, 1) }
                return text(at: -1)
            }
            lua_rawgeti(pointer, entry, 4)
            let line = lua_isinteger(pointer, -1) != 0 ? Int(clua_tointeger(pointer, -1)) : nil
            clua_pop(pointer, 2)
            index += 1
            guard let name = texts[0], let function = texts[1] else { continue }
            let position = texts[2].flatMap { chunk in
                line.map { LuaSourcePosition(chunk: fullChunkName(chunk), line: $0) }
            }
            files.append(LuaOpenedFile(name: name, function: function, position: position))
        }
        return files
    }

    /// The string at `index` as UTF-8 text; `nil` for another type, or bytes that are not UTF-8. Allocates nothing,
    /// where reading a number as text would make a string, which raises unprotected when Lua has no memory left
    /// (after a recipe that filled it).
    /// [-0, +0, -] The corresponding C function is `lua_tolstring`.
    private func text(at index: Int32) -> String? {
        guard lua_type(pointer, index) == LUA_TSTRING else { return nil }
        var length = 0
        let characters = lua_tolstring(pointer, index, &length)
        return String(validating: UnsafeRawBufferPointer(start: characters, count: length), as: UTF8.self)
    }
}
