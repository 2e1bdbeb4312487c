// The system Lua 5.4 (Debian's liblua5.4-dev) for Swift.
// Lua's C API is mostly macros, which Swift cannot import; each `clua_` function below is the
// one typed function for one macro, `static inline` so it costs nothing.
#ifndef CLUA_SHIM_H
#define CLUA_SHIM_H

#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>

/// `lua_pcall` is a macro over `lua_pcallk`.
static inline int clua_pcall(lua_State *L, int nargs, int nresults, int msgh) {
    return lua_pcall(L, nargs, nresults, msgh);
}

/// `lua_tostring` is a macro over `lua_tolstring`.
static inline const char *clua_tostring(lua_State *L, int index) {
    return lua_tostring(L, index);
}

/// `lua_pop` is a macro over `lua_settop`.
static inline void clua_pop(lua_State *L, int n) {
    lua_pop(L, n);
}

/// `lua_newtable` is a macro over `lua_createtable`.
static inline void clua_newtable(lua_State *L) {
    lua_newtable(L);
}

/// `lua_isnil` is a macro over `lua_type`.
static inline int clua_isnil(lua_State *L, int index) {
    return lua_isnil(L, index);
}

/// `luaL_dofile`-style loading without running: `luaL_loadfile` is a macro over `luaL_loadfilex`.
static inline int clua_loadfile(lua_State *L, const char *filename) {
    return luaL_loadfile(L, filename);
}

/// `lua_tointeger` is a macro over `lua_tointegerx`.
static inline lua_Integer clua_tointeger(lua_State *L, int index) {
    return lua_tointeger(L, index);
}

/// `lua_tonumber` is a macro over `lua_tonumberx`.
static inline lua_Number clua_tonumber(lua_State *L, int index) {
    return lua_tonumber(L, index);
}

/// `lua_upvalueindex` is a macro; Swift needs the pseudo-index as a value.
static inline int clua_upvalueindex(int i) {
    return lua_upvalueindex(i);
}

/// `LUA_REGISTRYINDEX` is a macro expression Swift cannot import.
static inline int clua_registryindex(void) {
    return LUA_REGISTRYINDEX;
}

#endif
