@testable import PRXPlugins
import PRXTesting
import Testing

@Suite struct LuaErrorTests {
    @Test func namesTheFileAndLineOfASyntaxError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("recipe.lua", "local x = 1\nlocal y = = 2\n")
        let state = try LuaState()
        let error = try #require(throws: LuaError.self) { try state.load(file: path) }
        #expect(error.reason == .syntax)
        #expect(error.chunk == path)
        #expect(error.line == 2)
        #expect(error.description.hasPrefix("\(path):2: "))
        #expect(state.stackTop == 0)
    }

    /// Two errors of loading a chunk carry no position in Lua's message: its refusal of a precompiled chunk, about the
    /// chunk as a whole, and its "C stack overflow" for one nested too deeply to compile, which Lua's parser raises as
    /// a running function's error with no function running. Both named no chunk; now they name it, for a file and for
    /// a string alike.
    @Test(arguments: [
        ("\u{1B}LuaT\0", "attempt to load a binary chunk (mode is 't')"),
        ("-- one\n-- two\nreturn \(Self.nested)\n-- four\n", "C stack overflow"),
    ])
    func aLoadErrorLuaGivesNoPositionNamesTheChunk(source: String, message: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("recipe.lua", source)
        let state = try LuaState()
        let fromFile = try #require(throws: LuaError.self) { try state.load(file: path) }
        #expect(fromFile.chunk == path)
        #expect(fromFile.line == nil)
        #expect(fromFile.message == message)
        #expect(fromFile.description == "\(path): \(message)")
        #expect(state.stackTop == 0)
        let fromString = try #require(throws: LuaError.self) { try state.load(string: source, name: "recipe.lua") }
        #expect(fromString.description == "recipe.lua: \(message)")
        #expect(state.stackTop == 0)
    }

    /// Tables nested deeper than Lua's parser takes (about 200 levels).
    static let nested = String(repeating: "{", count: 300) + String(repeating: "}", count: 300)

    @Test func namesTheFileAndLineOfARuntimeErrorAndKeepsTheTraceback() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("recipe.lua", "local function fail()\n  error('boom')\nend\nfail()\n")
        let state = try LuaState()
        let chunk = try state.load(file: path)
        let error = try #require(throws: LuaError.self) { try chunk.call() }
        #expect(error.reason == .runtime)
        #expect(error.chunk == path)
        #expect(error.line == 2)
        #expect(error.message == "boom")
        #expect(error.callers.positions == [LuaSourcePosition(chunk: path, line: 4)])
        #expect(error.description == "\(path):2: boom (called from \(path):4)")
        let traceback = try #require(error.traceback)
        #expect(traceback.hasPrefix("stack traceback:"))
        #expect(traceback.contains("\(path):4:"))
        #expect(!error.description.contains("traceback"))
        #expect(state.stackTop == 0)
    }

    /// An error raised in a function other Lua code called names the lines that called it, as a task declared by a
    /// helper does: C functions between (`table.sort` calling its comparator) passed over, those between the nearest
    /// and the outermost left out, and the caller's line not named twice when the message names it already
    /// (`error("x", 2)`). An error the called function raises itself names no caller, nor does one caught by `pcall`
    /// and raised again there.
    @Test(arguments: [
        ("local function f() error('x') end\nf()", "recipe.lua:1: x (called from recipe.lua:2)"),
        ("local function f() error('x') end\nlocal function g() f() end\nlocal function h() g() end\nh()",
         "recipe.lua:1: x (called from recipe.lua:2, …, recipe.lua:4)"),
        ("local function f() error('x', 2) end\nlocal function g()\n f()\nend\ng()",
         "recipe.lua:3: x (called from recipe.lua:5)"),
        ("local function f() error('x') end\ntable.sort({ 1, 2 }, f)", "recipe.lua:1: x (called from recipe.lua:2)"),
        ("local function f() error('x') end\nlocal ok, e = pcall(f)\nerror(e, 0)", "recipe.lua:1: x"),
        ("local function f() return nil + 1 end\nlocal function g() local v = f(); return v end\ng()",
         "recipe.lua:1: attempt to perform arithmetic on a nil value (called from recipe.lua:2, recipe.lua:3)"),
        ("error('x')", "recipe.lua:1: x"),
    ])
    func anErrorRaisedInAFunctionLuaCodeCalledNamesTheCallingLines(source: String, description: String) throws {
        let state = try LuaState()
        let chunk = try state.load(string: source, name: "recipe.lua")
        let error = try #require(throws: LuaError.self) { try chunk.call() }
        #expect(error.description == description)
        #expect(state.stackTop == 0)
    }

    /// `error(nil)` and `error({})` carry no position of their own; the message names where they were raised.
    @Test(arguments: [("error()", "nil"), ("local t = {}\nerror(t)", "table")])
    func anErrorThatIsNoStringStillNamesItsLine(source: String, type: String) throws {
        let state = try LuaState()
        let chunk = try state.load(string: "local x = 1\n" + source, name: "recipe.lua")
        let error = try #require(throws: LuaError.self) { try chunk.call() }
        let line = source.contains("\n") ? 3 : 2
        #expect(error.description == "recipe.lua:\(line): (error object is a \(type) value)")
    }

    /// A message of several lines, or of megabytes, is shown on one line of at most a thousand characters, its line
    /// breaks written as escapes (they were spaces, so that a path `x\ny` read as `x y`).
    @Test func aLongOrManyLinedMessageIsShownOnOneBoundedLine() throws {
        let state = try LuaState()
        let lines = try #require(throws: LuaError.self) {
            try state.load(string: "error('first\\nsecond\\r\\nthird\\v\\u{2028}last')", name: "recipe.lua").call()
        }
        #expect(lines.description == #"recipe.lua:1: first\nsecond\r\nthird\x0b\u{2028}last"#)
        let long = try #require(throws: LuaError.self) {
            try state.load(string: "error(string.rep('x', 2000000))", name: "recipe.lua").call()
        }
        let shown = String(repeating: "x", count: 1000) + "… (1999000 more characters)"
        #expect(long.description == "recipe.lua:1: " + shown)
    }

    @Test func namesAStringChunkAsGiven() throws {
        let state = try LuaState()
        let error = try #require(throws: LuaError.self) {
            try state.load(string: "\n\nlocal x = nil + 1", name: "inline").call()
        }
        #expect(error.chunk == "inline")
        #expect(error.line == 3)
        #expect(error.message.contains("arithmetic on a nil value"))
    }

    /// Lua shortens a chunk name over 59 bytes in its messages (`...` and the end of a path, the start of another
    /// name); the errors name the chunk as it was loaded.
    @Test func namesALongChunkInFull() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(String(repeating: "long-directory-name/", count: 4) + "recipe.lua", "x = = 1\n")
        let state = try LuaState()
        let syntax = try #require(throws: LuaError.self) { try state.load(file: path) }
        #expect(syntax.description.hasPrefix("\(path):1: "), "\(syntax)")
        try directory.write(String(repeating: "long-directory-name/", count: 4) + "recipe.lua", "\nerror('boom')\n")
        let runtime = try #require(throws: LuaError.self) { try state.load(file: path).call() }
        #expect(runtime.description == "\(path):2: boom")
        let name = String(repeating: "a-long-chunk-name ", count: 5)
        let named = try #require(throws: LuaError.self) { try state.load(string: "error('boom')", name: name).call() }
        #expect(named.description == "\(name):1: boom")
        #expect(state.stackTop == 0)
    }

    /// Two chunks whose names Lua shortens alike (their first 59 bytes) are named as Lua names them: neither is
    /// named as the other.
    @Test func twoLongChunksLuaNamesAlikeKeepLuasName() throws {
        let state = try LuaState()
        let head = String(repeating: "shared-head ", count: 5)
        _ = try state.load(string: "return 1", name: head + "first")
        let second = try #require(throws: LuaError.self) {
            try state.load(string: "error('boom')", name: head + "second").call()
        }
        #expect(second.description == "\(String(head.utf8.prefix(59))!):1: boom")
    }

    @Test func reportsAMissingFile() throws {
        let state = try LuaState()
        let error = try #require(throws: LuaError.self) { try state.load(file: "/nonexistent/recipe.lua") }
        #expect(error.reason == .file)
        #expect(error.description.contains("/nonexistent/recipe.lua"))
        #expect(state.stackTop == 0)
    }

    /// Any error object is described, at the line that raised it when its message names no position.
    @Test(arguments: [
        ("error(setmetatable({}, {__tostring = function() return 'custom' end}))", "custom"),
        ("error(42)", "42"),
        ("error('no position', 0)", "no position"),
    ])
    func describesAnyErrorObject(source: String, message: String) throws {
        let state = try LuaState()
        let error = try #require(throws: LuaError.self) { try state.load(string: source, name: "e").call() }
        #expect(error.description == "e:1: \(message)")
        #expect(error.message == message)
        #expect(error.chunk == "e" && error.line == 1)
        #expect(state.stackTop == 0)
    }

    @Test func keepsTheLeftmostPositionOnly() {
        let error = LuaError(reason: .runtime, luaMessage: "a.lua:3: b.lua:9: inner", traceback: nil)
        #expect(error.chunk == "a.lua")
        #expect(error.line == 3)
        #expect(error.message == "b.lua:9: inner")
        #expect(LuaError(reason: .runtime, luaMessage: "C:\\x: not a position", traceback: nil).chunk == nil)
    }
}
