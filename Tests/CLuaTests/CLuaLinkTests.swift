import CLua
import Testing

/// Proves the system Lua 5.4 is found through pkg-config, compiles through the shim and links.
@Suite struct CLuaLinkTests {
    @Test func runsAChunkThroughTheShim() throws {
        let state = try #require(luaL_newstate())
        defer { lua_close(state) }
        luaL_openlibs(state)
        #expect(luaL_loadstring(state, "return 6 * 7, _VERSION") == LUA_OK)
        #expect(clua_pcall(state, 0, 2, 0) == LUA_OK)
        #expect(clua_tointeger(state, -2) == 42)
        #expect(String(cString: lua_tolstring(state, -1, nil)) == "Lua 5.4")
        clua_pop(state, 2)
        #expect(lua_gettop(state) == 0)
    }

    @Test func reportsASyntaxErrorWithTheChunkName() throws {
        let state = try #require(luaL_newstate())
        defer { lua_close(state) }
        #expect(luaL_loadbufferx(state, "x = = 1", 7, "=recipe.lua", nil) == LUA_ERRSYNTAX)
        let message = String(cString: lua_tolstring(state, -1, nil))
        #expect(message.hasPrefix("recipe.lua:1:"))
    }
}
