@testable import PRXPlugins
import Testing

@Suite struct LuaFunctionReferenceTests {
    @Test func callsAReturnedFunctionLater() throws {
        let state = try LuaState()
        let counter = try state.load(
            string: "local n = 0 return function(step) n = n + step return n end", name: "counter"
        ).call()
        let increment = try #require(counter.first?.functionValue)
        #expect(try increment.call(1) == [1])
        #expect(try increment.call(41) == [42])
        #expect(state.stackTop == 0)
    }

    @Test func keepsAFunctionPassedToSwift() throws {
        let state = try LuaState()
        var hooks: [LuaFunctionReference] = []
        let onDone = try state.makeFunction(named: "prx.on_done") { arguments in
            hooks += arguments.compactMap(\.functionValue)
            return []
        }
        try state.setGlobal("prx", to: ["on_done": .function(onDone)])
        try state.load(string: "prx.on_done(function(name) return 'done ' .. name end)", name: "recipe").call()
        try state.load(string: "collectgarbage() collectgarbage()", name: "gc").call()
        #expect(try hooks.first?.call("build") == ["done build"])
    }

    @Test func failsOnceItsStateIsClosed() throws {
        var state: LuaState? = try LuaState()
        let function = try #require(state).load(string: "return 1", name: "one")
        state = nil
        let error = try #require(throws: LuaError.self) { try function.call() }
        #expect(error.reason == .stateClosed)
    }

    @Test func doesNotKeepItsStateOpen() throws {
        weak var closed: LuaState?
        var hooks: [LuaFunctionReference] = []
        do {
            let state = try LuaState()
            closed = state
            let onDone = try state.makeFunction(named: "prx.on_done") { arguments in
                hooks += arguments.compactMap(\.functionValue)
                return []
            }
            try state.setGlobal("prx", to: ["on_done": .function(onDone)])
            try state.load(string: "prx.on_done(function() end)", name: "recipe").call()
        }
        #expect(closed == nil)
        #expect(hooks.count == 1)
        #expect(throws: LuaError.self) { try hooks[0].call() }
    }

    @Test func refusesAFunctionOfAnotherState() throws {
        let first = try LuaState()
        let second = try LuaState()
        let function = try first.load(string: "return 1", name: "one")
        let error = try #require(throws: LuaError.self) { try second.setGlobal("f", to: .function(function)) }
        #expect(error.reason == .conversion)
        #expect(second.stackTop == 0)
    }

    /// An argument that cannot be handed over, deep in a table after strings and tables were already made of the
    /// arguments, fails the call before the function runs, at the line where it is defined, with the stack as it was.
    @Test func anArgumentThatCannotCrossFailsTheCallBeforeTheFunctionRuns() throws {
        let first = try LuaState()
        let second = try LuaState()
        let foreign = try first.load(string: "return 1", name: "one")
        let source = "local _ = 0\nreturn function(...) ran = true end"
        let function = try #require(try second.load(string: source, name: "two").call().first?.functionValue)
        let argument: LuaValue = ["name": "x", "nested": ["a", ["b", .function(foreign)]]]
        let error = try #require(throws: LuaError.self) { try function.call(["first", argument]) }
        #expect(error.reason == .conversion)
        #expect(error.description == "two:2: cannot pass a function of another Lua state")
        #expect(try second.global("ran") == .nil)
        #expect(second.stackTop == 0)
    }
}
