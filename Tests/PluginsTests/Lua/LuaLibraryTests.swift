@testable import PRXPlugins
import PRXTesting
import Testing

@Suite struct LuaLibraryTests {
    @Test(arguments: [
        "os.execute", "os.exit", "os.remove", "os.rename", "os.tmpname", "os.setlocale", "io.popen", "io.output",
        "io.tmpfile", "dofile", "loadfile", "require", "package", "debug", "coroutine", "string.dump",
    ])
    func removes(name: String) throws {
        let state = try LuaState()
        #expect(try state.load(string: "return \(name) == nil", name: "t").call() == [true])
    }

    @Test(arguments: [
        "print", "pcall", "load", "os.getenv", "os.time", "os.date", "os.clock", "io.open", "io.lines", "io.read",
        "io.write", "string.format", "table.concat", "math.floor", "utf8.char",
    ])
    func keeps(name: String) throws {
        let state = try LuaState()
        #expect(try state.load(string: "return type(\(name))", name: "t").call() == ["function"])
    }

    /// While the state records them, `io.open`, `io.lines` and `io.input` record the names they are given, each once
    /// (a file opened in a loop is one entry), a number as its text, with the calling line; names given to a failed
    /// open too (the caller decides what is there). Not after the recording ends, nor with it never started.
    @Test func recordsTheFilesOpenedByNameEachOnce() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("input.txt", "first\n")
        let state = try LuaState()
        let opens = try state.load(
            string: """
                local path = ...
                for _ = 1, 3 do assert(io.open(path)):close() end
                for _ in io.lines(path) do end
                pcall(io.input, 2024)
                io.input(path)
                """, name: "opens")
        try opens.call(.string(path))
        #expect(state.endRecordingOpenedFiles().isEmpty)
        state.startRecordingOpenedFiles()
        try opens.call(.string(path))
        let position = { (line: Int) in LuaSourcePosition(chunk: "opens", line: line) }
        #expect(state.endRecordingOpenedFiles() == [
            LuaOpenedFile(name: path, function: "io.open", position: position(2)),
            LuaOpenedFile(name: "2024", function: "io.input", position: nil),
        ])
        try opens.call(.string(path))
        #expect(state.endRecordingOpenedFiles().isEmpty)
    }

    @Test func opensFilesForReadingOnly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("input.txt", "first\nsecond\n")
        let state = try LuaState()
        let read = try state.load(
            string: """
                local path = ...
                local file = assert(io.open(path, "rb"))
                local all = file:read("a")
                file:close()
                local lines = {}
                for line in io.lines(path) do lines[#lines + 1] = line end
                return all, lines
                """, name: "read")
        #expect(try read.call(.string(path)) == ["first\nsecond\n", ["first", "second"]])
        let write = try state.load(string: "return pcall(io.open, ..., 'w')", name: "write")
        for target in [path, directory.file("new.txt")] {
            let results = try write.call(.string(target))
            #expect(results.first == false)
            #expect(results.last == "bad argument #2 to 'io.open' (mode 'w' not allowed, files open read-only)")
        }
        #expect(try directory.read("input.txt") == "first\nsecond\n")
        let exists = try state.load(string: "return io.open(..., 'r')", name: "exists")
        #expect(try exists.call(.string(directory.file("new.txt"))).first == .nil)
    }

    /// `load` took precompiled chunks, and a malformed one can crash Lua (its manual says so): a fuzzed chunk made
    /// prx exit with SIGSEGV. Text still loads, with its name and environment.
    @Test func loadsTextChunksOnly() throws {
        let state = try LuaState()
        let binary = try state.load(string: "return load('\\27Lua\\84\\0 whatever', 'x')", name: "t")
        #expect(try binary.call() == [nil, "attempt to load a binary chunk (mode is 't')"])
        for mode in ["b", "x"] {
            let refused = try state.load(string: "return pcall(load, 'return 1', 'x', '\(mode)')", name: "t")
            #expect(try refused.call() == [
                false, .string("bad argument #3 to 'load' (mode '\(mode)' not allowed, chunks load as text only)"),
            ])
        }
        let text = try state.load(string: "return load('return x', 'chunk', 'bt', { x = 42 })()", name: "t")
        #expect(try text.call() == [42])
        let named = try state.load(string: "return pcall(load('error(\"boom\")', '=named'))", name: "t")
        #expect(try named.call() == [false, "named:1: boom"])
    }

    @Test func opensOnlyTheChosenLibraries() throws {
        let state = try LuaState(libraries: [.base, .string])
        let opened = try state.load(string: "return string.upper('x'), math, os, io, table", name: "t")
        #expect(try opened.call() == ["X", nil, nil, nil, nil])
    }
}
