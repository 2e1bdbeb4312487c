@testable import PRXPlugins
import Testing

/// A test argument holding a value without functions, which is a tree of immutable values and so safe to share;
/// `LuaValue` itself is not `Sendable` because a function reference belongs to one state.
struct LuaValueSample: @unchecked Sendable, CustomTestStringConvertible {
    let value: LuaValue
    var testDescription: String { String(describing: value) }
}

@Suite struct LuaValueTests {
    /// A Lua function returning its arguments, so a value is pushed, crosses into Lua and is read back.
    private func roundTrip(_ values: [LuaValue], in state: LuaState) throws -> [LuaValue] {
        try state.load(string: "return ...", name: "identity").call(values)
    }

    @Test(arguments: [
        LuaValue.nil, true, false, 0, 42, -7, .integer(.max), .integer(.min), 3.0, -0.5, .number(.infinity),
        "", "plain", "embedded\0NUL", "héllo wörld ✓ 日本", [1, 2, 3], ["name": "x", "count": 2],
        [1, ["nested": [true, ["deep": 1.5]]]], .table(LuaTable(array: ["a", "b"], map: ["x": 1, 10: "ten"])),
    ].map(LuaValueSample.init))
    func roundTrips(sample: LuaValueSample) throws {
        let state = try LuaState()
        #expect(try roundTrip([sample.value], in: state) == [sample.value])
        #expect(state.stackTop == 0)
    }

    /// Strings longer than 4096 bytes are made from their own bytes, each in a call of its own between the values
    /// made before and after it: wherever one is (a value, an element, a key, the last of several values), every
    /// value comes back whole and in its place.
    @Test func makesLongStringsBetweenTheOtherValues() throws {
        let state = try LuaState()
        let long = LuaValue.string(String(repeating: "l", count: 5000) + "\0end")
        let limit = LuaValue.string(String(repeating: "4", count: 4096))
        let values: [LuaValue] = [
            long, "short", [1, long, ["deep": long, "x": limit], 2],
            .table(LuaTable(map: [.string(String(repeating: "k", count: 4097)): long, "s": "t"])), 7, long,
        ]
        #expect(try roundTrip(values, in: state) == values)
        #expect(state.stackTop == 0)
        try state.setGlobal("g", to: [long, "after"])
        #expect(try state.global("g") == [long, "after"])
        #expect(state.stackTop == 0)
    }

    /// A value of more steps and string bytes than one protected call makes is made in several, those made before
    /// left on the stack (the tables being filled among them) for the next: it comes back whole, beside the values
    /// around it.
    @Test func makesAValueLargerThanOneStretch() throws {
        let state = try LuaState()
        let rows: [LuaValue] = (1...3000).map { index in
            .table(LuaTable(
                array: [.integer(Int64(index)), .string(String(repeating: "r", count: 100) + "\(index)")],
                map: ["name": .string("task\(index)"), "nested": ["deep": [.integer(Int64(index))]]]))
        }
        let values: [LuaValue] = ["before", .table(LuaTable(array: rows, map: ["count": 3000])), "after"]
        #expect(try roundTrip(values, in: state) == values)
        #expect(state.stackTop == 0)
    }

    @Test func keepsIntegersAndFloatsDistinct() throws {
        let state = try LuaState()
        let types = try state.load(string: "local a, b = ... return math.type(a), math.type(b), 3, 3.0", name: "t")
        #expect(try types.call(.integer(3), .number(3)) == ["integer", "float", .integer(3), .number(3)])
        #expect(LuaValue.number(3).intValue == 3)
        #expect(LuaValue.number(3.5).intValue == nil)
        #expect(LuaValue.integer(3).doubleValue == 3)
    }

    @Test func keepsStringBytesBothWays() throws {
        let state = try LuaState()
        let measure = try state.load(string: "local s = ... return #s, s:byte(2), 'x\\0y'", name: "bytes")
        #expect(try measure.call("a\0b") == [3, 0, "x\0y"])
        #expect(try measure.call("é") == [2, 0xA9, "x\0y"])
    }

    @Test func splitsATableIntoSequenceAndMap() throws {
        let state = try LuaState()
        let values = try state.load(string: "return {10, 20, x = 1, [5] = 50, [-1] = 'm'}", name: "mixed").call()
        let table = try #require(values.first?.tableValue)
        #expect(table.array == [10, 20])
        #expect(table.map == ["x": 1, 5: 50, -1: "m"])
        #expect(table[2] == 20)
        #expect(table[5] == 50)
        #expect(values[0]["x"] == 1)
        #expect(values[0]["absent"] == .nil)
    }

    @Test func readsTheSequenceWhereverLuaKeepsIt() throws {
        let state = try LuaState()
        let source = "local t = {} t[3] = 'c' t[1] = 'a' t[2] = 'b' t.x = 1 return t"
        let built = try state.load(string: source, name: "hashed")
        #expect(try built.call().first?.tableValue == LuaTable(array: ["a", "b", "c"], map: ["x": 1]))
        let holed = try state.load(string: "return {nil, 2, [4] = 4}", name: "holed").call()
        let table = try #require(holed.first?.tableValue)
        #expect(table.array == [])
        #expect(table.map == [2: 2, 4: 4])
        #expect(state.stackTop == 0)
    }

    @Test func readsATableSharedByTwoFieldsTwice() throws {
        let state = try LuaState()
        let values = try state.load(string: "local s = {1} return {a = s, b = s}", name: "shared").call()
        #expect(values == [["a": [1], "b": [1]]])
    }

    @Test func refusesATableThatContainsItself() throws {
        let state = try LuaState()
        let cyclic = try state.load(string: "local t = {1, {}} t[2].back = t return t", name: "cycle")
        let error = try #require(throws: LuaError.self) { try cyclic.call() }
        #expect(error.reason == .conversion)
        #expect(error.message.contains("contains itself"))
        #expect(state.stackTop == 0)
    }

    /// A Lua string that is not UTF-8 (a value or a key) is refused, not read with U+FFFD in place of its bytes,
    /// which gave a task another file name than the recipe wrote; the message shows the bytes and where they are.
    @Test(arguments: [
        ("return 'data-\\xff.txt'", "returned a string that is not UTF-8 (it reads 'data-\\xff.txt')"),
        ("return {['k\\xff'] = 1}", "returned a table with a key that is not UTF-8 (it reads 'k\\xff')"),
        ("return {'ok', {'\\xc3'}}", "returned a table whose [2][1] is not UTF-8 (it reads '\\xc3')"),
    ])
    func refusesAStringThatIsNotUTF8(source: String, message: String) throws {
        let state = try LuaState()
        let error = try #require(throws: LuaError.self) { try state.load(string: source, name: "bytes").call() }
        #expect(error.reason == .conversion)
        #expect(error.message == message + "; prx takes text as UTF-8")
        #expect(state.stackTop == 0)
        #expect(try state.load(string: "return 'caf\\xc3\\xa9'", name: "utf8").call() == ["café"])
    }

    @Test func refusesTablesNestedTooDeeply() throws {
        let state = try LuaState()
        let deep = try state.load(string: "local t = {} for _ = 1, 500 do t = {t} end return t", name: "deep")
        #expect(throws: LuaError.self) { try deep.call() }
        var nested: LuaValue = []
        for _ in 0..<500 { nested = [nested] }
        let error = try #require(throws: LuaError.self) { try roundTrip([nested], in: state) }
        #expect(error.reason == .conversion)
        #expect(state.stackTop == 0)
    }

    @Test(arguments: ["return io.stdout", "return {[1.5] = true}", "return {[true] = 1}"])
    func refusesValuesWithoutASwiftForm(source: String) throws {
        let state = try LuaState()
        let error = try #require(throws: LuaError.self) { try state.load(string: source, name: "odd").call() }
        #expect(error.reason == .conversion)
        #expect(state.stackTop == 0)
    }

    /// What has no Swift form is said in the user's words, and where in the value it is, by its keys as Lua writes
    /// them: it was "a table contains itself, so it has no Swift value", "a Lua userdata has no Swift value", "a table
    /// key must be an integer or a string, not a boolean", naming no field. A table that contains itself is named
    /// where it first appears, a nest too deep by the field holding it, and a long path by its ends.
    @Test(arguments: [
        ("local t = {} t.me = t return t", "returned a table that contains itself"),
        ("local t = {1, {}} t[2].back = t[2] return t",
         "returned a table whose element 2 is a table that contains itself"),
        ("local t = {} t[1] = t return {after = t}", "returned a table whose after is a table that contains itself"),
        ("local t = {} for _ = 1, 500 do t = {t} end return {env = {x = t}}",
         "returned a table whose env holds tables nested deeper than 100 levels"),
        ("return {env = {HOME = io.stdout}}", "returned a table whose env.HOME is a userdata, which prx cannot take"),
        ("return {env = {[true] = 1}}", "returned a table whose env has a boolean as a key, where prx takes integers "
            + "and strings"),
        ("return {[1.5] = 1}", "returned a table with the float 1.5 as a key, where prx takes integers and strings"),
        ("return {['a b'] = {{io.stdout}}}", #"returned a table whose ["a b"][1][1] is a userdata, which prx cannot "#
            + "take"),
        ("return {a = {b = {c = {d = {e = {f = {g = {h = {i = io.stdout}}}}}}}}}",
         "returned a table whose a.b.c.d…g.h.i is a userdata, which prx cannot take"),
        ("return 1, io.stdout", "returned as result 2 a userdata, which prx cannot take"),
    ])
    func aValueWithoutASwiftFormIsNamedWhereItIs(source: String, message: String) throws {
        let state = try LuaState()
        let error = try #require(throws: LuaError.self) { try state.load(string: source, name: "odd").call() }
        #expect(error.reason == .conversion)
        #expect(error.message == message)
        #expect(state.stackTop == 0)
    }

    @Test func readsAndWritesGlobals() throws {
        let state = try LuaState()
        try state.setGlobal("answer", to: ["value": 42])
        #expect(try state.load(string: "return answer.value", name: "g").call() == [42])
        try state.load(string: "greeting = 'hi'", name: "g").call()
        #expect(try state.global("greeting") == "hi")
        #expect(try state.global("missing") == .nil)
        #expect(state.stackTop == 0)
    }
}
