import CLua

/// A standard Lua library a ``LuaState`` can open, narrowed to what a recipe needs.
///
/// A recipe describes tasks; prx runs them. So the libraries that would let a recipe act on the machine itself
/// (run commands, write, rename or delete files, exit the process) are left out or cut down, and so are
/// `package` (`require`, C modules), `coroutine` and `debug`, which the bridge does not support.
public enum LuaLibrary: String, CaseIterable, Sendable {
    /// The basic functions: `assert`, `collectgarbage`, `error`, `getmetatable`, `ipairs`, `load`, `next`,
    /// `pairs`, `pcall`, `print`, `rawequal`, `rawget`, `rawlen`, `rawset`, `select`, `setmetatable`,
    /// `tonumber`, `tostring`, `type`, `warn`, `xpcall`, `_G` and `_VERSION`. `dofile` and `loadfile` are
    /// removed: they resolve paths against prx's working directory, not the recipe's, and run what they find;
    /// how a recipe includes another file is for the recipe API to decide. `load` loads text chunks only: a
    /// malformed precompiled (binary) chunk can crash Lua, as its manual warns, and with it prx and the results
    /// it has not written yet.
    case base
    /// All of `string` but `string.dump`, whose precompiled chunks `load` refuses.
    case string
    /// All of `table`.
    case table
    /// All of `math`.
    case math
    /// All of `utf8`.
    case utf8
    /// `os.getenv`, `os.time`, `os.date` and `os.clock` only; `execute`, `exit`, `remove`, `rename`, `tmpname`,
    /// `setlocale` and `difftime` are removed.
    case os
    /// Reading only: `io.open` refuses any mode but `"r"` and `"rb"` (an argument error), and `io.lines`,
    /// `io.input`, `io.read`, `io.close` and `io.type` stay; `io.open`, `io.lines` and `io.input` refuse a path naming
    /// a descriptor prx was started without (``refusesDescriptorsPrxLacks``). `io.write` stays and writes to standard
    /// output, the only possible default output, because `io.output` is removed, as are `io.popen` and `io.tmpfile`.
    /// `io.stdin`, `io.stdout` and `io.stderr` stay, so `io.stderr:write(…)` works (``notesStandardErrorLineEnds``);
    /// `io.stdin` is a closed file when prx was started without standard input (`<&-`), whose place `/dev/null` holds,
    /// so that reading it is Lua's error for a closed file, not a read of no line.
    case io

    /// The `luaopen_` function that builds the library.
    var opener: lua_CFunction {
        switch self {
        case .base: luaopen_base
        case .string: luaopen_string
        case .table: luaopen_table
        case .math: luaopen_math
        case .utf8: luaopen_utf8
        case .os: luaopen_os
        case .io: luaopen_io
        }
    }

    /// The names the library keeps, when it is cut down; `nil` keeps everything.
    var keptNames: Set<String>? {
        switch self {
        case .base:
            [
                "assert", "collectgarbage", "error", "getmetatable", "ipairs", "load", "next", "pairs", "pcall",
                "print", "rawequal", "rawget", "rawlen", "rawset", "select", "setmetatable", "tonumber",
                "tostring", "type", "warn", "xpcall", "_G", "_VERSION",
            ]
        case .string:
            [
                "byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match", "pack", "packsize",
                "rep", "reverse", "sub", "unpack", "upper",
            ]
        case .os: ["getenv", "time", "date", "clock"]
        case .io: ["open", "lines", "input", "read", "close", "type", "write", "stdin", "stdout", "stderr"]
        case .table, .math, .utf8: nil
        }
    }

    /// Tells ``StandardErrorLine`` whether a file's `write` on standard error (`io.stderr:write(…)`, the one way Lua
    /// code writes there without ending its line) ended a line, so that prx's next line of its own there starts on a
    /// line of its own.
    static let notesStandardErrorLineEnds: clua_LineEndNote = { ended in
        StandardErrorLine.noteLuaWrite(endingLine: ended != 0)
    }

    /// Refuses, for `io.open`, `io.lines` and `io.input`, a path naming standard input once one of prx's own readers
    /// reads it (``refusesStandardInputReads``), and a path naming a descriptor prx was started without
    /// (``ClosedStandardStream``: `/dev/fd/3` not given, `/dev/stdin` closed), as every file prx reads refuses it,
    /// with the same message (`io.lines /dev/fd/3 names prx's descriptor 3, which prx was not started with: …`): it
    /// reaches one of prx's own descriptors (a pidfd, a pipe, a result file), or nothing, so that the Lua code would
    /// read what is not its input, or wait for ever. A name that is not UTF-8 is taken with its bytes replaced, as no
    /// such name reaches a descriptor directory.
    static let refusesDescriptorsPrxLacks: clua_FileRefusal = { name, function, message, capacity in
        guard let name, let function, let message, capacity > 0 else { return 0 }
        let path = String(cString: name)
        let opener = String(cString: function)
        guard let refusal = ClosedStandardStream(namedBy: path)?.refusal(of: path, givenBy: opener)
            ?? StandardInputReading.refusal(ofOpening: path, by: opener)
        else { return 0 }
        copy(refusal, into: message, capacity: capacity)
        return 1
    }

    /// Refuses, for `io.read`, `io.lines` and the files' `read` and `lines` reading standard input, a read once one of
    /// prx's own readers reads it by its path (``StandardInputReading``: `-A /dev/stdin`, an `args-file` source,
    /// `prx.lines`), whose lines the read would take, the two splitting the stream without a word: `io.read: prx reads
    /// standard input as /dev/stdin (…): read standard input in Lua alone, or by its path alone`.
    static let refusesStandardInputReads: clua_StandardInputRefusal = { function, message, capacity in
        guard let function, let message, capacity > 0,
            let refusal = StandardInputReading.refusal(ofReadingBy: String(cString: function))
        else { return 0 }
        copy(refusal, into: message, capacity: capacity)
        return 1
    }

    /// Writes `text` into `message`, NUL-ended, cut to `capacity` bytes with the NUL.
    private static func copy(_ text: String, into message: UnsafeMutablePointer<CChar>, capacity: Int) {
        message.withMemoryRebound(to: UInt8.self, capacity: capacity) { bytes in
            var end = bytes
            for byte in text.utf8.prefix(capacity - 1) {
                end.pointee = byte
                end += 1
            }
            end.pointee = 0
        }
    }
}
