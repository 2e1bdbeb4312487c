// The system Lua 5.4 (Debian's liblua5.4-dev) for Swift.
// Lua's C API is mostly macros, which Swift cannot import; each `clua_` function below is the
// one typed function for one macro, `static inline` so it costs nothing.
#ifndef CLUA_SHIM_H
#define CLUA_SHIM_H

#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

/// `lua_pcall` is a macro over `lua_pcallk`.
static inline int clua_pcall(lua_State *L, int nargs, int nresults, int msgh) {
    return lua_pcall(L, nargs, nresults, msgh);
}

/// `lua_pop` is a macro over `lua_settop`.
static inline void clua_pop(lua_State *L, int n) {
    lua_pop(L, n);
}

/// `lua_tointeger` is a macro over `lua_tointegerx`.
static inline lua_Integer clua_tointeger(lua_State *L, int index) {
    return lua_tointeger(L, index);
}

/// `lua_tonumber` is a macro over `lua_tonumberx`.
static inline lua_Number clua_tonumber(lua_State *L, int index) {
    return lua_tonumber(L, index);
}

/// `LUA_REGISTRYINDEX` is a macro expression Swift cannot import.
static inline int clua_registryindex(void) {
    return LUA_REGISTRYINDEX;
}

/// Fills `ar` with the nearest Lua function at stack level `level` or above that is running a line (its `S` and `l`
/// fields) and returns its level; -1 when there is none. Allocates nothing.
static inline int clua_nearestluafunction(lua_State *L, int level, lua_Debug *ar) {
    for (; lua_getstack(L, level, ar); level++) {
        if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0) return level;
    }
    return -1;
}

/// Pushes and returns where the function `ar` describes (`clua_nearestluafunction`) is running, `chunk:line: `, or
/// "" when `ar` is NULL (no Lua function is): the position a message about the running Lua code starts with.
static inline const char *clua_pushwhere(lua_State *L, const lua_Debug *ar) {
    if (ar) return lua_pushfstring(L, "%s:%d: ", ar->short_src, ar->currentline);
    return lua_pushliteral(L, "");
}

/// Pushes and returns where the nearest Lua function at stack level `level` or above is running (`clua_pushwhere`).
static inline const char *clua_pushnearestwhere(lua_State *L, int level) {
    lua_Debug ar;
    return clua_pushwhere(L, clua_nearestluafunction(L, level, &ar) >= 0 ? &ar : NULL);
}

/// How many stack levels above a function `clua_pushcallers` (and Swift's `LuaState.callers`) look at, at most: Lua
/// finds each level by walking the stack from its top, so that a deeper look would cost the square of its depth.
#define CLUA_CALLERSLOOKED 200

/// Pushes where the Lua functions calling the one at stack level `level` are running, nearest first, as
/// `{chunk, line, chunk, line, …}` (C functions such as `pcall` passed over), looking `CLUA_CALLERSLOOKED` levels up
/// at most, then whether that reached the bottom of the stack: what Swift's `LuaState.callers` reads of a running
/// call, for a message handler, whose frames are gone by the time Swift could read them.
static inline void clua_pushcallers(lua_State *L, int level) {
    lua_Debug ar;
    lua_Integer count = 0;
    int reachesbottom = 0;
    lua_newtable(L);
    for (int above = 1; above <= CLUA_CALLERSLOOKED; above++) {
        if (!lua_getstack(L, level + above, &ar)) {
            reachesbottom = 1;
            break;
        }
        if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) continue;
        lua_pushstring(L, ar.short_src);
        lua_rawseti(L, -2, ++count);
        lua_pushinteger(L, ar.currentline);
        lua_rawseti(L, -2, ++count);
    }
    lua_pushboolean(L, reachesbottom);
}

/// What `clua_recordingalloc` wraps, and what it records: where the Lua code running was when an allocation first
/// failed since it last forgot one, `chunk:line: ` ("" when no Lua function was running, or the stack could not be
/// walked safely).
typedef struct clua_AllocationFailures {
    lua_Alloc allocate;
    void *data;
    lua_State *state;
    /// Whether the stack may be walked from inside the allocator: from Lua 5.4.5 on, `luaD_reallocstack` turns the
    /// stack's pointers into offsets while it calls the allocator, and `lua_getinfo` would read them as pointers.
    int walkable;
    /// Whether a failure has been recorded since `clua_forgetallocationfailure`: the first one of a call is where its
    /// code ran out; later ones (Lua shrinking its stack as the error unwinds) are not.
    int recorded;
    char where[LUA_IDSIZE + 24];
} clua_AllocationFailures;

/// A state's allocator, wrapped: Lua raises "not enough memory" with no position, and calls no message handler for
/// it, so a failed allocation notes where the Lua code running is while its frames still exist, allocating nothing.
static inline void *clua_recordingalloc(void *ud, void *block, size_t oldsize, size_t newsize) {
    clua_AllocationFailures *failures = (clua_AllocationFailures *)ud;
    void *result = failures->allocate(failures->data, block, oldsize, newsize);
    if (result == NULL && newsize > 0 && !failures->recorded) {
        lua_Debug ar;
        failures->recorded = 1;
        failures->where[0] = '\0';
        if (failures->walkable && clua_nearestluafunction(failures->state, 0, &ar) >= 0) {
            snprintf(failures->where, sizeof failures->where, "%s:%d: ", ar.short_src, ar.currentline);
        }
    }
    return result;
}

/// Wraps the allocator of `L`, a state without threads of its own (the positions are its main thread's), in
/// `clua_recordingalloc`; 0 when there is no memory for the record, which `clua_close` frees.
static inline int clua_recordallocationfailures(lua_State *L) {
    clua_AllocationFailures *failures = (clua_AllocationFailures *)malloc(sizeof *failures);
    if (failures == NULL) return 0;
    failures->allocate = lua_getallocf(L, &failures->data);
    failures->state = L;
    // The release is known at build time; the library loaded may be newer (Lua 5.4.6 added `lua_closethread`).
    failures->walkable = LUA_VERSION_RELEASE_NUM <= 50404 && dlsym(RTLD_DEFAULT, "lua_closethread") == NULL;
    failures->recorded = 0;
    failures->where[0] = '\0';
    lua_setallocf(L, clua_recordingalloc, failures);
    return 1;
}

/// Forgets the failure `clua_recordingalloc` recorded for `L`, before a load or call: the next one is recorded.
static inline void clua_forgetallocationfailure(lua_State *L) {
    void *failures;
    lua_getallocf(L, &failures);
    ((clua_AllocationFailures *)failures)->recorded = 0;
    ((clua_AllocationFailures *)failures)->where[0] = '\0';
}

/// Where the Lua code running was when an allocation of `L` first failed since `clua_forgetallocationfailure`
/// (`clua_recordallocationfailures`); "" when no Lua function ran, or when the stack could not be walked safely.
static inline const char *clua_allocationfailurewhere(lua_State *L) {
    void *failures;
    lua_getallocf(L, &failures);
    return ((clua_AllocationFailures *)failures)->where;
}

/// Closes `L` (`clua_recordallocationfailures`'s) and frees its record, which its allocator uses to the end.
static inline void clua_close(lua_State *L) {
    void *failures;
    lua_getallocf(L, &failures);
    lua_close(L);
    free(failures);
}

/// `lua_gc` is variadic, which Swift cannot call: a full garbage collection.
static inline void clua_collectgarbage(lua_State *L) {
    lua_gc(L, LUA_GCCOLLECT);
}

/// `lua_pcall` message handler, in C as it runs mid-error: makes `{message, traceback, where, callers, reaches}`
/// while the frames still exist, `where` being the position of the nearest Lua function (the one that raised the
/// error), for a message that names none (`error("x", 0)`, `error(42)`, an error object with `__tostring`), and
/// `callers` and `reaches` the Lua functions calling it and whether they reach the bottom of the stack
/// (`clua_pushcallers`), when a Lua function raised it. The stack is walked for that function once.
static inline int clua_messagehandler(lua_State *L) {
    lua_Debug ar;
    const int raiser = clua_nearestluafunction(L, 1, &ar);
    const lua_Debug *raising = raiser >= 0 ? &ar : NULL;
    if (lua_type(L, 1) == LUA_TSTRING || lua_type(L, 1) == LUA_TNUMBER) {
        lua_pushvalue(L, 1);
        lua_tostring(L, -1);
    } else if (!(luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)) {
        // `error(nil)`, `error({})`: the position of the nearest Lua function on the stack (the one that called
        // `error`), which a string message would have had.
        const char *where = clua_pushwhere(L, raising);
        lua_pushfstring(L, "%s(error object is a %s value)", where, luaL_typename(L, 1));
    }
    lua_createtable(L, 5, 0);
    lua_insert(L, -2);
    lua_rawseti(L, -2, 1);
    luaL_traceback(L, L, NULL, 1);
    lua_rawseti(L, -2, 2);
    clua_pushwhere(L, raising);
    lua_rawseti(L, -2, 3);
    if (raising) {
        clua_pushcallers(L, raiser);
        lua_rawseti(L, -3, 5);
        lua_rawseti(L, -2, 4);
    }
    return 1;
}

/// `lua_pushcfunction` is a macro; this pushes `clua_messagehandler` so Swift never handles its address.
static inline void clua_pushmessagehandler(lua_State *L) {
    lua_pushcfunction(L, clua_messagehandler);
}

/// What prx keeps in a state's extra space (`lua_getextraspace`).
typedef struct clua_ExtraSpace {
    /// How many C functions making what Swift hands Lua (`clua_runsteps`…) are running: the interrupt hook lets
    /// their calls and returns go (`clua_isvaluemaker`). Counted, as each file that includes this header has its own
    /// copy of every function in it, and the hook cannot tell them by address.
    int valuemakersrunning;
    /// How many times the interrupt hook has raised its error (`clua_interrupthook`): counted on the state's thread,
    /// read from any other (`clua_interruptionsraised`), atomically.
    int interruptionsraised;
} clua_ExtraSpace;
_Static_assert(LUA_EXTRASPACE >= sizeof(clua_ExtraSpace), "prx's counts are kept in a state's extra space");

/// prx's counts in `L`'s extra space (`clua_ExtraSpace`): the one place that casts it.
static inline clua_ExtraSpace *clua_extraspace(lua_State *L) {
    return (clua_ExtraSpace *)lua_getextraspace(L);
}

/// How many value makers are running in `L` (`clua_ExtraSpace`).
static inline int *clua_valuemakersrunning(lua_State *L) {
    return &clua_extraspace(L)->valuemakersrunning;
}

/// How many times the interrupt hook has raised its error in `L` (`clua_ExtraSpace`): safe from any thread, so that
/// whoever gives up a call that did not return can tell whether the error reached it (and was caught, with `pcall`).
static inline int clua_interruptionsraised(lua_State *L) {
    return __atomic_load_n(&clua_extraspace(L)->interruptionsraised, __ATOMIC_SEQ_CST);
}

/// Sets prx's counts of a new state, whose extra space Lua leaves as the allocator gave it, to none.
static inline void clua_clearextraspace(lua_State *L) {
    *clua_valuemakersrunning(L) = 0;
    __atomic_store_n(&clua_extraspace(L)->interruptionsraised, 0, __ATOMIC_SEQ_CST);
}

/// `lua_pcall` of a value maker pushed with its `nargs` arguments, counted while it runs (no message handler).
static inline int clua_callvaluemaker(lua_State *L, int nargs, int nresults) {
    ++*clua_valuemakersrunning(L);
    const int status = lua_pcall(L, nargs, nresults, 0);
    --*clua_valuemakersrunning(L);
    return status;
}

/// What a `clua_Step` does (`kind`), on the stack of `clua_runsteps`.
/// Pushes nil.
#define CLUA_STEP_NIL 0
/// Pushes the boolean `integer` (0 or 1).
#define CLUA_STEP_BOOLEAN 1
/// Pushes the integer `integer`.
#define CLUA_STEP_INTEGER 2
/// Pushes the float `number`.
#define CLUA_STEP_NUMBER 3
/// Pushes the string of `length` bytes at `offset` in the steps' `bytes`.
#define CLUA_STEP_STRING 4
/// Pushes the value the registry holds at `integer` (a function Swift referenced).
#define CLUA_STEP_REFERENCED 5
/// Pushes a new table with room for `integer` elements in its sequence and `length` other entries.
#define CLUA_STEP_TABLE 6
/// Sets `t[integer] = v`, raw, `v` on top and `t` below it; pops `v`.
#define CLUA_STEP_SETINDEX 7
/// Sets `t[k] = v`, raw, `v` on top, `k` below it, `t` below that; pops `k` and `v`.
#define CLUA_STEP_SETKEY 8

/// One step of making values in Lua: a push or a table's entry set (`CLUA_STEP_…`), with what it needs.
typedef struct clua_Step {
    int kind;
    lua_Integer integer;
    lua_Number number;
    size_t offset;
    size_t length;
} clua_Step;

/// The steps that make values in Lua, as Swift writes them for `clua_runsteps`: `count` steps, the bytes of their
/// strings, and the stack slots their pushes need at most.
typedef struct clua_Steps {
    const clua_Step *steps;
    size_t count;
    const char *bytes;
    int slots;
} clua_Steps;

/// `lua_CFunction` run by `clua_runsteps`: runs the steps argument 1 points at above the other arguments, and
/// returns the other arguments and what the steps left above them. Raw operations only, so nothing raises but
/// running out of memory.
static inline int clua_makebysteps(lua_State *L) {
    const clua_Steps *steps = (const clua_Steps *)lua_touserdata(L, 1);
    lua_remove(L, 1);
    luaL_checkstack(L, steps->slots, NULL);
    for (size_t i = 0; i < steps->count; i++) {
        const clua_Step *step = &steps->steps[i];
        switch (step->kind) {
        case CLUA_STEP_BOOLEAN: lua_pushboolean(L, (int)step->integer); break;
        case CLUA_STEP_INTEGER: lua_pushinteger(L, step->integer); break;
        case CLUA_STEP_NUMBER: lua_pushnumber(L, step->number); break;
        case CLUA_STEP_STRING:
            lua_pushlstring(L, step->length == 0 ? "" : steps->bytes + step->offset, step->length);
            break;
        case CLUA_STEP_REFERENCED: lua_rawgeti(L, LUA_REGISTRYINDEX, step->integer); break;
        case CLUA_STEP_TABLE: lua_createtable(L, (int)step->integer, (int)step->length); break;
        case CLUA_STEP_SETINDEX: lua_rawseti(L, -2, step->integer); break;
        case CLUA_STEP_SETKEY: lua_rawset(L, -3); break;
        default: lua_pushnil(L); break;
        }
    }
    return lua_gettop(L);
}

/// Runs `steps` in one `lua_pcall`, since making a string or a table, or growing one, raises "not enough memory"
/// when Lua has none left: the `nargs` values on top are the steps' arguments (a table they set entries in), and the
/// first `nresults` of the arguments and what the steps leave above them (`LUA_MULTRET`: all) are pushed in their
/// place. Two free stack slots needed beyond the results.
/// `LUA_OK`, or the error status with the error object pushed instead of the arguments.
static inline int clua_runsteps(lua_State *L, const clua_Steps *steps, int nargs, int nresults) {
    lua_pushcfunction(L, clua_makebysteps);
    lua_pushlightuserdata(L, (void *)steps);
    lua_rotate(L, -(nargs + 2), 2);
    return clua_callvaluemaker(L, nargs + 1, nresults);
}

/// A handle to make (`clua_newhandle`): a table of a string field and an integer field, strings given by bytes.
typedef struct clua_Handle {
    const char *namekey;
    size_t namekeylength;
    const char *name;
    size_t namelength;
    const char *numberkey;
    size_t numberkeylength;
    lua_Integer number;
} clua_Handle;

/// `lua_CFunction` run by `clua_newhandle`: argument 1 points at a `clua_Handle`; returns its new table, set raw.
static inline int clua_makehandle(lua_State *L) {
    const clua_Handle *handle = (const clua_Handle *)lua_touserdata(L, 1);
    lua_createtable(L, 0, 2);
    lua_pushlstring(L, handle->namekey, handle->namekeylength);
    lua_pushlstring(L, handle->namelength == 0 ? "" : handle->name, handle->namelength);
    lua_rawset(L, -3);
    lua_pushlstring(L, handle->numberkey, handle->numberkeylength);
    lua_pushinteger(L, handle->number);
    lua_rawset(L, -3);
    return 1;
}

/// Pushes the table `handle` describes, made in one `lua_pcall` as `clua_runsteps` makes values, without the steps
/// (two free stack slots needed). `LUA_OK`, or the error status with the error object pushed instead.
static inline int clua_newhandle(lua_State *L, const clua_Handle *handle) {
    lua_pushcfunction(L, clua_makehandle);
    lua_pushlightuserdata(L, (void *)handle);
    return clua_callvaluemaker(L, 1, 1);
}

/// `lua_CFunction` run by `clua_reference`: moves argument 1 into the registry and returns its reference.
static inline int clua_referencevalue(lua_State *L) {
    lua_pushinteger(L, luaL_ref(L, LUA_REGISTRYINDEX));
    return 1;
}

/// `luaL_ref` under `lua_pcall` (two free stack slots needed), since the registry may have to grow: stores a copy of
/// the value at `index` in the registry and sets `*reference` to its key, or returns the error status with the error
/// object on top.
static inline int clua_reference(lua_State *L, int index, int *reference) {
    index = lua_absindex(L, index);
    lua_pushcfunction(L, clua_referencevalue);
    lua_pushvalue(L, index);
    const int status = clua_callvaluemaker(L, 1, 1);
    if (status == LUA_OK) {
        *reference = (int)lua_tointeger(L, -1);
        lua_pop(L, 1);
    }
    return status;
}

/// A Swift function's entry: returns its result count, or -1 with a message on top; never raises (no longjmp in Swift).
typedef int (*clua_SwiftCall)(lua_State *L, void *box);

/// Gives a Swift function's retained box back to Swift once Lua has collected the function.
typedef void (*clua_SwiftRelease)(void *box);

/// The userdata behind a Swift function: its entry points and retained box (NULL once released).
typedef struct clua_SwiftFunction {
    clua_SwiftCall call;
    clua_SwiftRelease release;
    void *box;
} clua_SwiftFunction;

/// Every Swift function runs through this; the only place a Swift failure becomes `lua_error` (with position).
static inline int clua_swiftfunction_trampoline(lua_State *L) {
    clua_SwiftFunction *function = (clua_SwiftFunction *)lua_touserdata(L, lua_upvalueindex(1));
    if (function->box == NULL) {
        return luaL_error(L, "Swift function called after Lua collected it");
    }
    int results = function->call(L, function->box);
    if (results >= 0) {
        return results;
    }
    luaL_where(L, 1);
    lua_insert(L, -2);
    lua_concat(L, 2);
    return lua_error(L);
}

/// `__gc` of a Swift function's userdata: releases the box exactly once, even if a finalizer resurrects it.
static inline int clua_swiftfunction_gc(lua_State *L) {
    clua_SwiftFunction *function = (clua_SwiftFunction *)lua_touserdata(L, 1);
    void *box = function->box;
    function->box = NULL;
    if (box != NULL) {
        function->release(box);
    }
    return 0;
}

/// A Swift function to make (`clua_newswiftfunction`), and what became of it.
typedef struct clua_NewSwiftFunction {
    clua_SwiftCall call;
    clua_SwiftRelease release;
    /// Retained for the function; its userdata's `__gc` releases it once `adopted` is set, the caller otherwise.
    void *box;
    int adopted;
    /// The function's key in the registry, once made.
    int reference;
} clua_NewSwiftFunction;

/// `lua_CFunction` run by `clua_newswiftfunction`: argument 1 points at a `clua_NewSwiftFunction`; makes the
/// trampoline closed over a userdata owning its box, and stores that closure in the registry.
static inline int clua_makeswiftfunction(lua_State *L) {
    clua_NewSwiftFunction *made = (clua_NewSwiftFunction *)lua_touserdata(L, 1);
    clua_SwiftFunction *function = (clua_SwiftFunction *)lua_newuserdatauv(L, sizeof *function, 0);
    function->call = made->call;
    function->release = made->release;
    function->box = NULL;
    if (luaL_newmetatable(L, "clua.SwiftFunction")) {
        lua_pushcfunction(L, clua_swiftfunction_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    lua_pushcclosure(L, clua_swiftfunction_trampoline, 1);
    // Nothing below allocates but `luaL_ref`, after which the `__gc` releases the box even if it fails.
    function->box = made->box;
    made->adopted = 1;
    made->reference = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

/// Makes a Swift function under `lua_pcall` (two free stack slots needed): the trampoline closed over a userdata
/// owning `made->box`, released by its `__gc`, and stored in the registry at `made->reference`; or the error status
/// with the error object on top, `made->adopted` saying whether the userdata took the box.
static inline int clua_newswiftfunction(lua_State *L, clua_NewSwiftFunction *made) {
    made->adopted = 0;
    lua_pushcfunction(L, clua_makeswiftfunction);
    lua_pushlightuserdata(L, made);
    return clua_callvaluemaker(L, 1, 0);
}

/// The end of a C closure wrapping a library function (upvalue 1): calls it with the arguments on the stack, and
/// returns all its results.
static inline int clua_callwrapped(lua_State *L) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/// The registry field that holds, while it is a table, the files `io.open`, `io.lines` and `io.input` open by name
/// (`clua_recordopenedfile`).
#define CLUA_OPENED_FILES "prx.openedfiles"

/// When the registry holds the list of files opened (`CLUA_OPENED_FILES`), appends `{name, function, chunk, line}`
/// to it: argument 1, the name of the file the library function `function` opened (a number made a string, as the
/// function itself makes it), and where the Lua code that called it is (stack level 1), when it is Lua code. A name
/// recorded before is not recorded again: the list's table also maps each name it holds to `true`, so that a recipe
/// opening one file in a loop keeps one entry. The stack is left as it was.
static inline void clua_recordopenedfile(lua_State *L, const char *function) {
    if (!lua_isstring(L, 1)) return;
    lua_tostring(L, 1);
    if (lua_getfield(L, LUA_REGISTRYINDEX, CLUA_OPENED_FILES) != LUA_TTABLE) {
        lua_pop(L, 1);
        return;
    }
    lua_pushvalue(L, 1);
    if (lua_rawget(L, -2) != LUA_TNIL) {
        lua_pop(L, 2);
        return;
    }
    lua_pop(L, 1);
    lua_pushvalue(L, 1);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    lua_createtable(L, 4, 0);
    lua_pushvalue(L, 1);
    lua_rawseti(L, -2, 1);
    lua_pushstring(L, function);
    lua_rawseti(L, -2, 2);
    lua_Debug ar;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
        lua_pushstring(L, ar.short_src);
        lua_rawseti(L, -2, 3);
        lua_pushinteger(L, ar.currentline);
        lua_rawseti(L, -2, 4);
    }
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    lua_pop(L, 1);
}

/// Starts the list of opened files (`clua_recordopenedfile`), empty.
static inline void clua_startrecordingopenedfiles(lua_State *L) {
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, CLUA_OPENED_FILES);
}

/// Pushes the list of opened files (`nil` when there is none) and ends it: later opens are not recorded.
static inline void clua_pushopenedfilesandstop(lua_State *L) {
    lua_getfield(L, LUA_REGISTRYINDEX, CLUA_OPENED_FILES);
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, CLUA_OPENED_FILES);
}

/// Says why Lua code may not open the file `name` names with the library function `function` (`io.open`): writes the
/// message, NUL-ended, into `message` (`capacity` bytes) and returns 1; returns 0 when it may. Swift's, so that a path
/// naming a descriptor prx was started without (`/dev/fd/3`) is refused in Lua's `io` as everywhere else in prx.
typedef int (*clua_FileRefusal)(const char *name, const char *function, char *message, size_t capacity);

/// The room `clua_callopener` gives a `clua_FileRefusal`'s message: a path as long as Linux takes, and the words.
#define CLUA_REFUSAL_CAPACITY 8192

/// Says why Lua code may not read standard input with `function` (`io.read`, `read`, `lines`) now: writes the message,
/// NUL-ended, into `message` (`capacity` bytes) and returns 1; returns 0 when it may. Swift's, so that Lua code does not
/// read the stream one of prx's own readers reads by a path naming it (`-A /dev/stdin`, an `args-file` source,
/// `prx.lines`), which would take lines from it.
typedef int (*clua_StandardInputRefusal)(const char *function, char *message, size_t capacity);

/// Whether the character device open on `descriptor` (`file`) is the one standard input is (`input`): the same
/// device number, whatever path opened it, or both the process's controlling terminal, which `/dev/tty` names by a
/// number of its own (5,0) beside the terminal's (`/dev/pts/N`, 136,N). `tcgetsid` gives a session only for the
/// caller's controlling terminal, the one terminal of its session, so two descriptors that give one are that terminal.
static inline int clua_issamecharacterdevice(int descriptor, const struct stat *file, const struct stat *input) {
    if (file->st_rdev == input->st_rdev) return 1;
    const pid_t session = tcgetsid(descriptor);
    return session != -1 && session == tcgetsid(STDIN_FILENO);
}

/// Whether `stream` is open and reads the process's standard input: Lua's `io.stdin`, or a file Lua opened by a path
/// naming it (`io.open("/dev/stdin")`) as a recipe loaded, before one of prx's readers opened it, which reads the same
/// pipe, FIFO or socket (its device and inode are standard input's) or terminal (`clua_issamecharacterdevice`: also
/// `io.open("/dev/tty")` when standard input is the controlling terminal). A regular file opened so has an offset of
/// its own, and is no such file.
static inline int clua_isstandardinput(const luaL_Stream *stream) {
    if (stream == NULL || stream->closef == NULL) return 0;
    if (stream->f == stdin) return 1;
    struct stat file, input;
    const int descriptor = fileno(stream->f);
    if (fstat(descriptor, &file) != 0 || fstat(STDIN_FILENO, &input) != 0) return 0;
    if (S_ISCHR(file.st_mode) && S_ISCHR(input.st_mode)) return clua_issamecharacterdevice(descriptor, &file, &input);
    return file.st_dev == input.st_dev && file.st_ino == input.st_ino && !S_ISREG(file.st_mode)
        && !S_ISDIR(file.st_mode) && !S_ISBLK(file.st_mode);
}

/// Raises the refusal of the `clua_StandardInputRefusal` at upvalue `refusal` for `function`, at the calling Lua line,
/// when it gives one; returns otherwise.
static inline void clua_refusestandardinputread(lua_State *L, int refusal, const char *function) {
    clua_StandardInputRefusal refuses = (clua_StandardInputRefusal)lua_touserdata(L, refusal);
    char message[CLUA_REFUSAL_CAPACITY];
    if (refuses != NULL && refuses(function, message, sizeof message)) luaL_error(L, "%s", message);
}

/// Lua's default input file (`io.input()`), or NULL when it is none.
static inline const luaL_Stream *clua_defaultinput(lua_State *L) {
    lua_getfield(L, LUA_REGISTRYINDEX, "_IO_input");
    const luaL_Stream *stream = (const luaL_Stream *)luaL_testudata(L, -1, LUA_FILEHANDLE);
    lua_pop(L, 1);
    return stream;
}

/// An iterator of `io.lines` or a file's `lines` over standard input: refuses (`clua_refusestandardinputread`, upvalue
/// 2, for the function named by upvalue 3) before each call of the iterator in upvalue 1, which it calls with its
/// arguments and whose results it returns.
static inline int clua_guardedlinesiterator(lua_State *L) {
    clua_refusestandardinputread(L, lua_upvalueindex(2), lua_tostring(L, lua_upvalueindex(3)));
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/// Wraps the iterator at `index` (a file's `lines` made it over standard input) in `clua_guardedlinesiterator`, with the
/// refusal at upvalue `refusal` and `function`'s name.
static inline void clua_guardlinesiterator(lua_State *L, int index, int refusal, const char *function) {
    index = lua_absindex(L, index);
    lua_pushvalue(L, index);
    lua_pushvalue(L, refusal);
    lua_pushstring(L, function);
    lua_pushcclosure(L, clua_guardedlinesiterator, 3);
    lua_replace(L, index);
}

/// `io.read` and the files' `read` and `lines` methods, guarded: upvalue 1 is Lua's own (a C function without
/// upvalues), upvalue 2 the `clua_StandardInputRefusal`, upvalue 3 the name a refusal gives the function (`io.read`;
/// `io.stdin:read` and `io.stdin:lines` for the methods). The file read (argument 1 of a method; the default input of
/// `io.read`) being standard input (`clua_isstandardinput`; a file other than `io.stdin` is named `file:read` or
/// `file:lines` then), the refusal is raised when it gives one; else
/// Lua's own runs in this call's frame, so that its errors read as unwrapped, and an iterator `lines` made over
/// standard input is guarded too (`clua_guardedlinesiterator`), for the reads it makes later.
static inline int clua_guardedread(lua_State *L) {
    const char *function = lua_tostring(L, lua_upvalueindex(3));
    const int method = strncmp(function, "io.stdin:", 9) == 0;
    const luaL_Stream *stream = method ? (const luaL_Stream *)luaL_testudata(L, 1, LUA_FILEHANDLE)
        : clua_defaultinput(L);
    if (!clua_isstandardinput(stream)) return lua_tocfunction(L, lua_upvalueindex(1))(L);
    // Another file than io.stdin (opened by a path naming standard input) is named by its method alone.
    const char *named = !method || stream->f == stdin ? function
        : strcmp(function, "io.stdin:read") == 0 ? "file:read" : "file:lines";
    clua_refusestandardinputread(L, lua_upvalueindex(2), named);
    const int results = lua_tocfunction(L, lua_upvalueindex(1))(L);
    if (strcmp(function, "io.stdin:lines") == 0) clua_guardlinesiterator(L, -results, lua_upvalueindex(2), named);
    return results;
}

/// Replaces the function on top of the stack (`io.read`, or a file's `read` or `lines`) with `clua_guardedread` closed
/// over it, `refusal` and `function`, its name (`io.read`, `io.stdin:read`, `io.stdin:lines`).
static inline void clua_pushguardedread(lua_State *L, clua_StandardInputRefusal refusal, const char *function) {
    lua_pushlightuserdata(L, (void *)refusal);
    lua_pushstring(L, function);
    lua_pushcclosure(L, clua_guardedread, 3);
}

/// Refuses the file named by argument 1 when the `clua_FileRefusal` in upvalue 2 says why (raised at the calling Lua
/// line, as `luaL_error` names it), else records it (`clua_recordopenedfile`) as opened by `function`, before the call,
/// since `io.lines` replaces its argument with the file it opens (a name whose file could not be opened is recorded
/// too), then runs the C function in upvalue 1, which has no upvalues of its own, in this call's own frame, so that its
/// errors name the function (`io.lines`) and the calling Lua line as they would unwrapped.
static inline int clua_callopener(lua_State *L, const char *function) {
    if (lua_type(L, 1) == LUA_TSTRING || lua_type(L, 1) == LUA_TNUMBER) {
        clua_FileRefusal refusal = (clua_FileRefusal)lua_touserdata(L, lua_upvalueindex(2));
        char message[CLUA_REFUSAL_CAPACITY];
        if (refusal != NULL && refusal(lua_tostring(L, 1), function, message, sizeof message)) {
            return luaL_error(L, "%s", message);
        }
    }
    clua_recordopenedfile(L, function);
    return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/// `io.open` for recipes, in C because it raises: modes other than "r"/"rb" are refused, else upvalue 1 (io.open) runs
/// (`clua_callopener`).
static inline int clua_readonlyopen(lua_State *L) {
    const char *mode = luaL_optstring(L, 2, "r");
    if (strcmp(mode, "r") != 0 && strcmp(mode, "rb") != 0) {
        return luaL_argerror(L, 2, lua_pushfstring(L, "mode '%s' not allowed, files open read-only", mode));
    }
    return clua_callopener(L, "io.open");
}

/// `io.lines` for recipes: upvalue 1 (io.lines) runs (`clua_callopener`). Without a file name it reads the default
/// input: when that is standard input, the `clua_StandardInputRefusal` in upvalue 3 is raised when it gives a refusal,
/// and the iterator made is guarded for the reads it makes later (`clua_guardedlinesiterator`).
static inline int clua_recordinglines(lua_State *L) {
    if (!lua_isnoneornil(L, 1) || !clua_isstandardinput(clua_defaultinput(L))) return clua_callopener(L, "io.lines");
    clua_refusestandardinputread(L, lua_upvalueindex(3), "io.lines");
    const int results = clua_callopener(L, "io.lines");
    clua_guardlinesiterator(L, -results, lua_upvalueindex(3), "io.lines");
    return results;
}

/// `io.input` for recipes: upvalue 1 (io.input) runs (`clua_callopener`).
static inline int clua_recordinginput(lua_State *L) {
    return clua_callopener(L, "io.input");
}

/// Replaces the `io.lines` on top of the stack with `clua_recordinglines` closed over it, `refusal` and `readRefusal`.
static inline void clua_pushrecordinglines(
    lua_State *L, clua_FileRefusal refusal, clua_StandardInputRefusal readRefusal
) {
    lua_pushlightuserdata(L, (void *)refusal);
    lua_pushlightuserdata(L, (void *)readRefusal);
    lua_pushcclosure(L, clua_recordinglines, 3);
}

/// Replaces the `io.input` on top of the stack with `clua_recordinginput` closed over it and `refusal`.
static inline void clua_pushrecordinginput(lua_State *L, clua_FileRefusal refusal) {
    lua_pushlightuserdata(L, (void *)refusal);
    lua_pushcclosure(L, clua_recordinginput, 2);
}

/// Replaces the `io.open` on top of the stack with `clua_readonlyopen` closed over it and `refusal`.
static inline void clua_pushreadonlyopen(lua_State *L, clua_FileRefusal refusal) {
    lua_pushlightuserdata(L, (void *)refusal);
    lua_pushcclosure(L, clua_readonlyopen, 2);
}

/// Told, after each call of a file's `write` method on standard error (`io.stderr:write(…)`), whether what it wrote
/// ended a line (1) or left one begun (0): Swift's, so that prx starts a line of its own on standard error (an error,
/// a warning) on a line of its own, not after the Lua code's text.
typedef void (*clua_LineEndNote)(int ended);

/// Hands the arguments from `first` on, each a number or a string, to the function at `handler` (an upvalue), in one
/// call; the first that is neither raises the argument error Lua's own `write` raises for it, in this call's frame,
/// so that its words are Lua's (`bad argument #1 to 'write' (string expected, got FILE*)`, the function named as it
/// was called), after the words before it were handed over, as Lua's writes those before it.
static inline void clua_handwords(lua_State *L, int first, int handler) {
    const int top = lua_gettop(L);
    int refused = 0;
    for (int index = first; index <= top && refused == 0; index++) {
        if (lua_type(L, index) != LUA_TNUMBER && lua_type(L, index) != LUA_TSTRING) refused = index;
    }
    const int last = refused == 0 ? top : refused - 1;
    if (last >= first) {
        luaL_checkstack(L, last - first + 2, NULL);
        lua_pushvalue(L, handler);
        for (int index = first; index <= last; index++) lua_pushvalue(L, index);
        lua_call(L, last - first + 1, 0);
    }
    if (refused != 0) luaL_checklstring(L, refused, NULL);
}

/// The `write` method of files. When upvalue 3 is a function and the file is upvalue 4 (`io.stdout`, a daemon's,
/// `clua_handoverstandardoutput`), hands the words to that function (`clua_handwords`) and returns the file, as Lua's
/// own does. Otherwise runs the C function in upvalue 1 (Lua's own, which has no upvalues) in this call's own frame,
/// so that its errors name the function and the calling Lua line as they would unwrapped; then, when the file is
/// standard error, tells the `clua_LineEndNote` in upvalue 2 whether the last non-empty argument (a string; a number
/// never ends a line) ended a line. The arguments stay on the stack under the results, as Lua's `write` leaves them.
static inline int clua_filewrite(lua_State *L) {
    if (lua_type(L, lua_upvalueindex(3)) == LUA_TFUNCTION && lua_rawequal(L, 1, lua_upvalueindex(4))) {
        clua_handwords(L, 2, lua_upvalueindex(3));
        lua_settop(L, 1);
        return 1;
    }
    const int arguments = lua_gettop(L);
    const int results = lua_tocfunction(L, lua_upvalueindex(1))(L);
    const luaL_Stream *stream = (const luaL_Stream *)luaL_testudata(L, 1, LUA_FILEHANDLE);
    if (stream == NULL || stream->closef == NULL || stream->f != stderr) return results;
    clua_LineEndNote note = (clua_LineEndNote)lua_touserdata(L, lua_upvalueindex(2));
    for (int index = arguments; index >= 2; index--) {
        if (lua_type(L, index) == LUA_TNUMBER) {
            note(0);
            break;
        }
        size_t length = 0;
        const char *text = lua_tolstring(L, index, &length);
        if (text != NULL && length > 0) {
            note(text[length - 1] == '\n');
            break;
        }
    }
    return results;
}

/// Replaces the `write` method on top of the stack with `clua_filewrite` closed over it and `note`.
static inline void clua_pushnotingwrite(lua_State *L, clua_LineEndNote note) {
    lua_pushlightuserdata(L, (void *)note);
    lua_pushnil(L);
    lua_pushnil(L);
    lua_pushcclosure(L, clua_filewrite, 4);
}

/// A daemon's `io.write`: hands the words to upvalue 1 (`clua_handwords`) and returns upvalue 2, `io.stdout`, as Lua's
/// own returns the file it wrote.
static inline int clua_handedwrite(lua_State *L) {
    clua_handwords(L, 1, lua_upvalueindex(1));
    lua_pushvalue(L, lua_upvalueindex(2));
    return 1;
}

/// Pushes the methods of files (`io.stdout:write` is one): the `__index` of the metatable `luaopen_io` made.
static inline void clua_pushfilemethods(lua_State *L) {
    luaL_getmetatable(L, LUA_FILEHANDLE);
    lua_getfield(L, -1, "__index");
    lua_remove(L, -2);
}

/// `lua_CFunction` run under `lua_pcall` by Swift: has `io.write` and `io.stdout:write` hand their words to argument 1,
/// a function, rather than write them (a daemon's, whose standard output is `/dev/null`): `io.write` becomes
/// `clua_handedwrite`, and the files' `write` method (`clua_filewrite`, as `clua_pushnotingwrite` made it) one with the
/// function and `io.stdout` as upvalues 3 and 4. Their argument errors stay Lua's own words.
static inline int clua_handoverstandardoutput(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_getfield(L, 2, "io");
    lua_getfield(L, 3, "stdout");
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 4);
    lua_pushcclosure(L, clua_handedwrite, 2);
    lua_setfield(L, 3, "write");
    clua_pushfilemethods(L);
    lua_getfield(L, 5, "write");
    lua_getupvalue(L, 6, 1);
    lua_getupvalue(L, 6, 2);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 4);
    lua_pushcclosure(L, clua_filewrite, 4);
    lua_setfield(L, 5, "write");
    return 0;
}

/// Marks `io.stdin` of the `io` table at `index` closed, as `io.close` leaves a file, without closing its `FILE`:
/// for a process started without standard input, which holds `/dev/null` in its place, so that `io.read()`,
/// `io.lines()` and `io.stdin:read()` raise Lua's error for a closed file where they would read no line, unseen.
/// Allocates nothing (the field is there already), so that it cannot raise outside `lua_pcall`.
static inline void clua_markstandardinputclosed(lua_State *L, int index) {
    if (lua_getfield(L, index, "stdin") == LUA_TUSERDATA) {
        luaL_Stream *stream = (luaL_Stream *)lua_touserdata(L, -1);
        stream->closef = NULL;
    }
    lua_pop(L, 1);
}

/// `load` for recipes, in C because it raises: chunks load as text only, since a malformed precompiled (binary)
/// chunk can crash Lua, as its manual warns. A mode that allows text (`"bt"`, the default, or `"t"`) becomes `"t"`,
/// so a binary chunk gives `nil` and Lua's message; any other mode is an argument error. Upvalue 1 is `load`.
static inline int clua_textonlyload(lua_State *L) {
    const char *mode = luaL_optstring(L, 3, "bt");
    if (strchr(mode, 't') == NULL) {
        return luaL_argerror(L, 3, lua_pushfstring(L, "mode '%s' not allowed, chunks load as text only", mode));
    }
    if (lua_gettop(L) < 3) {
        lua_settop(L, 3);
    }
    lua_pushliteral(L, "t");
    lua_replace(L, 3);
    return clua_callwrapped(L);
}

/// Replaces the `load` on top of the stack with `clua_textonlyload` closed over it.
static inline void clua_pushtextonlyload(lua_State *L) {
    lua_pushcclosure(L, clua_textonlyload, 1);
}

/// The bytes `lua_dump` writes for `clua_withoutlines`, in memory of their own (a `luaL_Buffer` would sit on the stack
/// above the function being dumped, which `lua_dump` takes from the top).
typedef struct clua_DumpedChunk {
    char *bytes;
    size_t length;
    size_t capacity;
} clua_DumpedChunk;

/// `lua_Writer` of `clua_withoutlines`: appends `size` bytes to the `clua_DumpedChunk` at `ud`; 1, which ends the dump,
/// when there is no memory for them.
static inline int clua_dumpwriter(lua_State *L, const void *p, size_t size, void *ud) {
    (void)L;
    clua_DumpedChunk *chunk = (clua_DumpedChunk *)ud;
    if (size > chunk->capacity - chunk->length) {
        const size_t capacity = chunk->capacity * 2 + size + 256;
        char *grown = (char *)realloc(chunk->bytes, capacity);
        if (grown == NULL) return 1;
        chunk->bytes = grown;
        chunk->capacity = capacity;
    }
    memcpy(chunk->bytes + chunk->length, p, size);
    chunk->length += size;
    return 0;
}

/// `lua_CFunction` run under `lua_pcall` by Swift: returns the Lua function given as argument 1 (a main chunk prx
/// compiled from its own text) loaded anew without its lines, as `string.dump(f, true)` and `load` would make it: a
/// frame of it runs no line (`currentline` -1), as a C function's does, so that `luaL_where`, the message handler and
/// the interrupt hook pass over it to the Lua code that called it. Loading this binary chunk is safe, as this Lua just
/// made it; Lua code's own `load` takes text only.
static inline int clua_withoutlines(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_settop(L, 1);
    clua_DumpedChunk chunk = {NULL, 0, 0};
    const int failed = lua_dump(L, clua_dumpwriter, &chunk, 1);
    const int status = failed ? LUA_ERRMEM : luaL_loadbufferx(L, chunk.bytes, chunk.length, "=?", "b");
    free(chunk.bytes);
    if (failed) return luaL_error(L, "not enough memory");
    if (status != LUA_OK) return lua_error(L);
    return 1;
}

/// Whether the hook event `ar` is the call of, or the return from, a C function while one of the C functions that
/// make what Swift hands Lua (`clua_runsteps`…) runs (`clua_valuemakersrunning`): prx's own work, run under
/// `lua_pcall` for its memory errors only, not Lua code. A maker sets off no Lua code the hook sees: it uses raw
/// operations only, and Lua runs the `__gc` metamethods an allocation may call with hooks off. Allocates nothing.
static inline int clua_isvaluemaker(lua_State *L, lua_Debug *ar) {
    if ((ar->event != LUA_HOOKCALL && ar->event != LUA_HOOKRET) || *clua_valuemakersrunning(L) == 0) return 0;
    return lua_getinfo(L, "S", ar) && ar->what[0] == 'C';
}

/// The hook `clua_interrupt` sets: it clears itself, counts (`clua_interruptionsraised`) and raises "interrupted" in
/// the running Lua code, as the `lua` interpreter does on SIGINT, at the line that code is running. Inside a hook,
/// level 0 is the function running (`luaL_error` names level 1, its caller: none for a function prx called). It
/// stays set through the making of a value Swift hands Lua (`clua_isvaluemaker`), for the Lua code that runs next:
/// that value is not Lua code that does not return, and failing it would fail a call that returned in time, or raise
/// from a Swift function what Lua code would raise after it.
static void clua_interrupthook(lua_State *L, lua_Debug *ar) {
    if (clua_isvaluemaker(L, ar)) return;
    lua_sethook(L, NULL, 0, 0);
    __atomic_fetch_add(&clua_extraspace(L)->interruptionsraised, 1, __ATOMIC_SEQ_CST);
    clua_pushnearestwhere(L, 0);
    lua_pushliteral(L, "interrupted: prx was told to stop and this Lua code did not return");
    lua_concat(L, 2);
    lua_error(L);
}

/// Makes the Lua code running in `L` raise an error at its next instruction, call or return. Safe from another
/// thread while Lua runs: `lua_sethook` only stores the hook, as the `lua` interpreter's signal handler relies on.
static inline void clua_interrupt(lua_State *L) {
    lua_sethook(L, clua_interrupthook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

#endif
