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

    /// The files opened by name since ``startRecordingOpenedFiles()``, in the order opened; later opens are not
    /// recorded.
    /// [-0, +0, m] The corresponding C functions are `lua_getfield` and `lua_setfield` (of the registry).
    public func endRecordingOpenedFiles() -> [LuaOpenedFile] {
        let stackGuard = LuaStackGuard(pointer)
        defer { stackGuard.restore() }
        clua_pushopenedfilesandstop(pointer)
        guard case .table(let list)? = try? LuaStack(pointer, state: self).value(at: -1) else { return [] }
        return list.array.compactMap { entry in
            guard let record = entry.tableValue, let name = record[1].stringValue,
                let function = record[2].stringValue
            else { return nil }
            let position = record[3].stringValue.flatMap { chunk in
                record[4].intValue.map { LuaSourcePosition(chunk: fullChunkName(chunk), line: $0) }
            }
            return LuaOpenedFile(name: name, function: function, position: position)
        }
    }
}
