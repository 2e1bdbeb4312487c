#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLua

/// A place in Lua source: the chunk as Lua names it in messages, and a line.
public struct LuaSourcePosition: Sendable, Hashable, CustomStringConvertible {
    /// The chunk's name (`recipe.lua` for a file loaded from `recipe.lua`).
    public var chunk: String
    /// The line, counting from 1.
    public var line: Int

    /// Creates a position.
    public init(chunk: String, line: Int) {
        self.chunk = chunk
        self.line = line
    }

    /// `chunk:line`, as Lua writes positions in messages.
    public var description: String { "\(chunk):\(line)" }
}

extension LuaState {
    /// Where the Lua code that called the running Swift function is: the chunk and line of the call.
    ///
    /// Meant for a ``LuaSwiftFunction`` that records where something was declared (a recipe's task, to name
    /// both lines of a duplicate). `nil` when no Lua function is calling. Level 0 is the running Swift function's C
    /// trampoline, level 1 its caller, the default; a higher `level` looks past callers in between (a Lua wrapper). A
    /// C function calling it (`pcall(prx.task, …)`) is passed over for the Lua code that called that one, the line an
    /// error raised there names (`clua_messagehandler`): the declaration is that line's. When the chunk's name is
    /// `known`, the position holds `known` itself, so that the positions of many calls from one file share one
    /// string.
    /// [-0, +0, -] The corresponding C functions are `lua_getstack` and `lua_getinfo`.
    public func callerPosition(sharing known: String? = nil, level: Int32 = 1) -> LuaSourcePosition? {
        nearestLuaCaller(sharing: known, level: level)?.position
    }

    /// The nearest Lua function at stack `level` or above that is running a line (``callerPosition(sharing:level:)``),
    /// with its stack level, for ``callers(sharing:above:)``.
    /// [-0, +0, -] The corresponding C functions are `lua_getstack` and `lua_getinfo`.
    func nearestLuaCaller(sharing known: String? = nil, level: Int32 = 1)
        -> (position: LuaSourcePosition, level: Int32)?
    {
        var record = lua_Debug()
        let found = clua_nearestluafunction(pointer, level, &record)
        guard found >= 0 else { return nil }
        return (LuaSourcePosition(chunk: chunk(of: &record, sharing: known), line: Int(record.currentline)), found)
    }

    /// The Lua functions calling the Lua code at stack `level` (the running Swift function's caller,
    /// ``nearestLuaCaller(sharing:level:)``'s level), each at the line it is running, nearest first: ``LuaCallers``.
    /// Frames of C functions (`pcall`) are passed over. `known` is shared as in ``callerPosition(sharing:level:)``.
    /// Looks ``callersLooked`` levels up at most: Lua finds each level by walking the stack from its top, so that a
    /// deeper look would cost each call the square of the stack's depth.
    /// [-0, +0, -] The corresponding C functions are `lua_getstack` and `lua_getinfo`.
    public func callers(sharing known: String? = nil, above level: Int32 = 1) -> LuaCallers {
        var positions: [LuaSourcePosition] = []
        var record = lua_Debug()
        for above in 1...Self.callersLooked {
            guard lua_getstack(pointer, level + above, &record) != 0 else { return LuaCallers(positions) }
            guard lua_getinfo(pointer, "Sl", &record) != 0, record.currentline > 0 else { continue }
            let chunk = chunk(of: &record, sharing: known)
            positions.append(LuaSourcePosition(chunk: chunk, line: Int(record.currentline)))
        }
        return LuaCallers(positions, reachesTheTop: false)
    }

    /// How many stack levels ``callers(sharing:above:)`` looks at, at most, as the message handler does for an error's
    /// ``LuaError/callers``.
    static let callersLooked = CLUA_CALLERSLOOKED

    /// Where `function` is defined: its chunk and the line its definition starts on, for a message about what it
    /// did (a hook's bad return value). `nil` when it is not Lua code or not this state's.
    /// [-0, +0, -] The corresponding C functions are `lua_rawgeti` and `lua_getinfo` (`>S`, which pops it).
    public func definition(of function: LuaFunctionReference) -> LuaSourcePosition? {
        guard function.belongs(to: self) else { return nil }
        var record = lua_Debug()
        lua_rawgeti(pointer, clua_registryindex(), lua_Integer(function.reference))
        guard lua_getinfo(pointer, ">S", &record) != 0, record.linedefined > 0 else { return nil }
        return LuaSourcePosition(chunk: chunk(of: &record, sharing: nil), line: Int(record.linedefined))
    }

    /// The chunk's name in `record` (its `short_src`, in full where this state knows it shortened); `known` itself
    /// when it is that name.
    private func chunk(of record: inout lua_Debug, sharing known: String?) -> String {
        withUnsafeBytes(of: &record.short_src) { bytes in
            let name = UnsafeRawBufferPointer(rebasing: bytes.prefix { $0 != 0 })
            // Compared with `memcmp`: `elementsEqual` of a `String.UTF8View` and the bytes ran the standard library's
            // generic loop, some 2,000 instructions for each task a recipe declares.
            if var known, known.utf8.count == name.count,
                known.withUTF8({ name.isEmpty || memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0 })
            {
                return known
            }
            return fullChunkName(String(decoding: name, as: UTF8.self))
        }
    }
}
