@testable import PRXPlugins
import Testing

@Suite struct LuaSwiftFunctionTests {
    private struct Refusal: Error, CustomStringConvertible {
        var text = "no tasks today"
        var description: String { text }
    }

    /// Lets a test see when Lua releases a Swift function's closure.
    private final class Canary {}

    @Test func receivesItsArgumentsAndReturnsSeveralValues() throws {
        let state = try LuaState()
        var received: [LuaValue] = []
        let echo = try state.makeFunction(named: "prx.echo") { arguments in
            received = arguments
            return [1, "two", [3]]
        }
        try state.setGlobal("prx", to: ["echo": .function(echo)])
        let results = try state.load(string: "return prx.echo(1, 'a', {x = true}, nil, 2.5)", name: "t").call()
        #expect(received == [1, "a", ["x": true], .nil, 2.5])
        #expect(results == [1, "two", [3]])
        #expect(state.stackTop == 0)
    }

    @Test func raisesAThrownErrorAsACatchableLuaError() throws {
        let state = try LuaState()
        let refuse = try state.makeFunction(named: "prx.refuse") { _ in throw Refusal() }
        try state.setGlobal("prx", to: ["refuse": .function(refuse)])
        let direct = try state.load(string: "return pcall(prx.refuse)", name: "t").call()
        #expect(direct == [false, "no tasks today"])
        let wrapped = try state.load(string: "return pcall(function()\n prx.refuse()\nend)", name: "t").call()
        #expect(wrapped == [false, "t:2: no tasks today"])
        #expect(state.stackTop == 0)
    }

    @Test func reportsAnUncaughtSwiftErrorWhereLuaCalledIt() throws {
        let state = try LuaState()
        let refuse = try state.makeFunction(named: "prx.refuse") { _ in throw Refusal() }
        try state.setGlobal("prx", to: ["refuse": .function(refuse)])
        let chunk = try state.load(string: "local x = 1\nprx.refuse()\n", name: "recipe.lua")
        let error = try #require(throws: LuaError.self) { try chunk.call() }
        #expect(error.description == "recipe.lua:2: no tasks today")
        #expect(error.traceback?.contains("recipe.lua:2:") == true)
        #expect(state.stackTop == 0)
    }

    @Test func passesALuaErrorBackThroughSwift() throws {
        let state = try LuaState()
        let apply = try state.makeFunction(named: "prx.apply") { arguments in
            guard let function = arguments.first?.functionValue else { throw Refusal() }
            return try function.call(Array(arguments.dropFirst()))
        }
        try state.setGlobal("prx", to: ["apply": .function(apply)])
        let ok = try state.load(string: "return prx.apply(function(a, b) return a + b, a * b end, 3, 4)", name: "t")
        #expect(try ok.call() == [7, 12])
        let failing = try state.load(string: "return prx.apply(function() error('inner') end)", name: "t")
        let error = try #require(throws: LuaError.self) { try failing.call() }
        #expect(error.description == "t:1: t:1: inner")
        #expect(state.stackTop == 0)
    }

    @Test func fillsAnArrayElementByElementAndDropsItOnAnError() throws {
        let state = try LuaState()
        let fill = try state.makeArrayFunction { arguments, elements in
            guard let count = arguments.first?.intValue else { throw Refusal() }
            for index in 1...max(count, 1) {
                // More elements than the C stack's free slots: each must leave the stack as it goes in.
                try elements.append(index == 2 ? ["nested", .integer(Int64(index))] : .integer(Int64(index)))
            }
            if count == 0 { throw Refusal() }
        }
        try state.setGlobal("fill", to: .function(fill))
        let source = "local t = fill(5000)\nreturn #t, t[1], t[2][1], t[5000]"
        let results = try state.load(string: source, name: "t").call()
        #expect(results == [5000, 1, "nested", 5000])
        let failing = try state.load(string: "return pcall(fill, 0)", name: "t").call()
        #expect(failing == [false, "no tasks today"])
        #expect(state.stackTop == 0)
    }

    /// A handle function's result is a plain table of its two fields, which Lua code may change as any other; an error
    /// is raised as a values function's is.
    @Test func returnsAHandleAsAPlainTable() throws {
        let state = try LuaState()
        let declare = try state.makeHandleFunction(named: "prx.declare") { arguments in
            guard case .string(let name) = arguments.first else { throw Refusal() }
            return LuaHandle(nameKey: "name", name: name, numberKey: "prx_task", number: 7)
        }
        try state.setGlobal("prx", to: ["declare": .function(declare)])
        let source = """
            local h = prx.declare("caf\u{e9}\0x")
            local keys = 0
            for _ in pairs(h) do keys = keys + 1 end
            local empty = prx.declare("")
            h.extra = true
            return h, keys, getmetatable(h) == nil, math.type(h.prx_task), empty.name, pcall(prx.declare, 1)
            """
        let results = try state.load(string: source, name: "t").call()
        #expect(results == [
            ["name": "caf\u{e9}\0x", "prx_task": 7, "extra": true], 2, true, "integer", "", false, "no tasks today",
        ])
        #expect(state.stackTop == 0)
    }

    /// A result function's result and an array's elements can be what a Lua function returned, as it returned it: the
    /// same table, with its metatable, and a userdata, which Swift cannot read; `nil` is no element, a result
    /// function's arguments are left unread, and a failing call leaves the stack as it was.
    @Test func handsOnWhatALuaFunctionReturnedAsItIs() throws {
        let state = try LuaState()
        let produce = try #require(try state.load(string: """
            local shared = setmetatable({}, {})
            return function(x)
              if x == "fail" then error("no") end
              if x == "file" then return io.stdout end
              if x == "t" then return shared end
            end
            """, name: "p").call().first?.functionValue)
        let one = try state.makeResultFunction { result in _ = try result.set(toResultOf: produce, with: ["t"]) }
        let some = try state.makeArrayFunction { arguments, elements in
            for argument in arguments { _ = try elements.append(resultOf: produce, with: [argument]) { $0 } }
        }
        try state.setGlobal("one", to: .function(one))
        try state.setGlobal("some", to: .function(some))
        let source = """
            local a = some("t", "none", "file", "t")
            return one(io.stdout) == a[1], #a, io.type(a[2]), a[3] == a[1], getmetatable(a[1]) ~= nil,
              pcall(some, "fail")
            """
        let results = try state.load(string: source, name: "t").call()
        #expect(results == [true, 3, "file", true, true, false, "p:3: no (called from t:3)"])
        #expect(state.stackTop == 0)
    }

    @Test func refusesAnArgumentWithoutASwiftForm() throws {
        let state = try LuaState()
        let take = try state.makeFunction(named: "prx.take") { _ in [] }
        try state.setGlobal("prx", to: ["take": .function(take)])
        let results = try state.load(string: "return pcall(prx.take, 1, io.stdout)", name: "t").call()
        #expect(results.first == false)
        #expect(results.last == "prx.take: argument 2 is a userdata, which prx cannot take")
        #expect(state.stackTop == 0)
    }

    /// An argument's part without a Swift form is named, as the recipe wrote it, after the function's name: the
    /// field alone for the one argument of a function (`prx.task{…}`), the field and argument when it has several,
    /// the argument itself; a function without a name says it as Lua does (`bad argument #1 (…)`). It was
    /// `bad argument #1 (a table contains itself, so it has no Swift value)`, naming neither field nor function.
    @Test(arguments: [
        ("f{ 'true', after = t }", "f: after is a table that contains itself"),
        ("f{ 'echo', '\\xff' }", "f: element 2 is not UTF-8 (it reads '\\xff'); prx takes text as UTF-8"),
        ("f('json', { path = t })", "f: path in argument 2 is a table that contains itself"),
        ("f('a', t)", "f: argument 2 is a table that contains itself"),
        ("f(t)", "f: argument 1 is a table that contains itself"),
        ("g{ env = { x = t } }", "bad argument #1 (env.x is a table that contains itself)"),
        ("g(io.stdout)", "bad argument #1 (a userdata, which prx cannot take)"),
    ])
    func anArgumentWithoutASwiftFormIsNamedWithTheFunction(call: String, message: String) throws {
        let state = try LuaState()
        try state.setGlobal("f", to: .function(try state.makeFunction(named: "f") { _ in [] }))
        try state.setGlobal("g", to: .function(try state.makeFunction { _ in [] }))
        let results = try state.load(string: "local t = {} t[1] = t return pcall(function() \(call) end)", name: "t")
            .call()
        #expect(results == [false, .string("t:1: \(message)")])
        #expect(state.stackTop == 0)
    }

    /// A function's key check has its say before an argument's part without a Swift form is named: an unknown key
    /// whose value cannot be read is an unknown key (`prx.config{ x = io.stdout }` said the userdata had no Swift
    /// value, hiding that `x` is no setting); the keys all known, the part is named. The body does not run.
    @Test(arguments: [
        ("f{ workers = 2, x = io.stdout }", "unknown key x"),
        ("f{ workers = 2, [io.stdout] = 1, y = t }", "unknown key y"),
        ("f{ workers = t }", "f: workers is a table that contains itself"),
    ])
    func theKeyCheckComesBeforeAnUnreadableValue(call: String, message: String) throws {
        let state = try LuaState()
        var ran = false
        let function = try state.makeFunction(
            named: "f",
            checkingKeys: { arguments in
                for key in arguments.first?.tableValue?.map.keys ?? [:].keys where key != "workers" {
                    if case .string(let name) = key { throw Refusal(text: "unknown key \(name)") }
                }
            },
            { _ in
                ran = true
                return []
            })
        try state.setGlobal("f", to: .function(function))
        let results = try state.load(string: "local t = {} t[1] = t return pcall(function() \(call) end)", name: "t")
            .call()
        #expect(results == [false, .string("t:1: \(message)")])
        #expect(!ran)
        #expect(state.stackTop == 0)
    }

    @Test func survivesTenThousandCallsWithoutGrowing() throws {
        let state = try LuaState()
        var calls = 0
        let count = try state.makeFunction(named: "prx.count") { [weak state] arguments in
            calls += 1
            let made = try #require(state).makeFunction { _ in [] }
            return [arguments[0], ["n": .integer(Int64(calls))], .function(made)]
        }
        try state.setGlobal("prx", to: ["count": .function(count)])
        let loop = try state.load(
            string: """
                local n = ...
                for i = 1, n do
                  local value, record, f = prx.count(i)
                  assert(value == i and record.n > 0 and f() == nil)
                end
                collectgarbage()
                collectgarbage()
                return collectgarbage('count')
                """, name: "loop")
        let before = try #require(loop.call(1000).first?.doubleValue)
        let after = try #require(loop.call(10_000).first?.doubleValue)
        #expect(calls == 11_000)
        #expect(after - before < 64, "Lua heap grew from \(before) KB to \(after) KB")
        #expect(state.stackTop == 0)
    }

    @Test func releasesTheClosureWhenLuaCollectsTheFunction() throws {
        let state = try LuaState()
        weak var released: Canary?
        do {
            let canary = Canary()
            released = canary
            try state.setGlobal("f", to: .function(try state.makeFunction { _ in _ = canary; return [] }))
        }
        #expect(released != nil)
        try state.load(string: "f() f = nil collectgarbage() collectgarbage()", name: "gc").call()
        #expect(released == nil)
    }

    @Test func releasesTheClosureWhenTheStateCloses() throws {
        weak var released: Canary?
        do {
            let state = try LuaState()
            let canary = Canary()
            released = canary
            let keep = try state.makeFunction(named: "prx.keep") { _ in _ = canary; return [] }
            try state.setGlobal("prx", to: ["keep": .function(keep)])
        }
        #expect(released == nil)
    }
}
