import CLua
@testable import PRXPlugins
import Testing

/// An interruption set while prx hands Lua a value lets the C functions that make it run (under `lua_pcall`, for their
/// memory errors only) and stays set for the Lua code after them. The hook told them by their addresses, which were
/// those of another copy of each (every Swift file that uses the shim's header has its own): a value made during an
/// interruption failed with the interruption's error, a Swift function's result or `prx.lines`' elements among them.
@Suite struct LuaValueMakingUnderInterruptionTests {
    @Test func anInterruptionLetsAValueBeMadeAndStopsTheLuaCodeAfterIt() throws {
        let state = try LuaState()
        let read = try state.load(string: "return made", name: "after")
        clua_interrupt(state.pointer)
        try state.setGlobal("made", to: .string("a value"))
        #expect(state.stackTop == 0)
        let error = #expect(throws: LuaError.self) { try read.call() }
        #expect(error?.message.contains("interrupted") == true, "\(String(describing: error))")
        lua_sethook(state.pointer, nil, 0, 0)
        #expect(try read.call() == ["a value"])
    }
}
