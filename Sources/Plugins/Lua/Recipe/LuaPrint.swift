/// A Lua `print`, `io.write` and `io.stdout:write` that hand their lines to Swift rather than writing them to standard
/// output: for a daemon (`-D`), whose standard output is `/dev/null`, so that what its `--hook`, `--parser` and
/// `--stop-policy` files print or write reaches its main log.
///
/// `print` makes the text Lua's own `print` writes, each argument as `tostring` makes it (a `__tostring` or `__name`
/// honoured), separated by tabs; `io.write` and `io.stdout:write` take strings and numbers as Lua's own do (a number
/// written as `%.14g` or as an integer) and return `io.stdout`: they are C functions
/// (``LuaState/handStandardOutputWrites(to:)``) that raise Lua's own argument errors word for word (`string expected,
/// got FILE*`, the function named as it was called, the argument counted as for a method or not). What they write goes
/// out line by line, as it would on standard output: everything up to the last line break of a call, together with
/// the line begun before it, is handed over as one text without that line break (`print`'s line with what
/// `io.write` left before it); the rest waits for the next line break, for ``partialLineCap`` bytes at most (the first
/// of them handed over then, cut before a UTF-8 character), or for the end of the run (the function ``install(in:_:)``
/// returns). A text that is not UTF-8, which prx takes no other way, has its bytes from 0x80 on written as `\xNN`
/// escapes, as prx writes such bytes elsewhere. Other files' `write` stays Lua's own. Their Lua code is loaded without
/// its lines (``LuaState/load(ownCode:name:)``), as Lua's own `print` is C: an error raised in it (`tostring`'s for a
/// `__tostring` that returns no string, the interruption's) names the line of the Lua code that called it, not one of
/// prx's own.
enum LuaPrint {
    /// The most bytes of a line begun without its end that wait for it: Lua code writing without line breaks
    /// (`io.write(".")` for each task) has its text handed over in pieces this long, not held until the run ends.
    static let partialLineCap = 65_536

    /// Sets the global `print`, `io.write` and the `write` of `io.stdout` in `state` to ones that hand each line to
    /// `write`, and returns the function that hands over a line begun and not ended, for the end of the run. The Lua
    /// functions they use are taken as they are now, so that Lua code replacing `tostring` later changes nothing, as
    /// with Lua's own `print`.
    static func install(in state: LuaState, _ write: @escaping (String) -> Void) throws(LuaError)
        -> LuaFunctionReference
    {
        let handOver = try state.makeFunction(named: "print") { arguments in
            if case .string(let text)? = arguments.first { write(text) }
            return []
        }
        let made = try state.load(ownCode: source, name: "print")
            .call(.function(handOver), .integer(Int64(partialLineCap)))
        try state.setGlobal("print", to: made.first ?? .nil)
        guard made.count == 3, case .function(let endOfRun) = made[1], case .function(let written) = made[2] else {
            preconditionFailure("the Lua code returns print, the end of the run's function and the words' function")
        }
        try state.handStandardOutputWrites(to: written)
        return endOfRun
    }

    private static let source = """
        local handOver, cap = ...
        local tostring, select, concat, len, type, mathtype = tostring, select, table.concat, utf8.len, type, math.type
        local gsub, format, byte, find, sub = string.gsub, string.format, string.byte, string.find, string.sub
        -- The line begun: its pieces, joined only when it ends or grows past the cap, so that a line written a
        -- character a call costs each call its character, not a copy of the line so far.
        local pieces, size = {}, 0
        local function escape(c) return format("\\\\x%02x", byte(c)) end
        local function emit(text)
          if not len(text) then text = gsub(text, "[\\128-\\255]", escape) end
          handOver(text)
        end
        local function add(text)
          local last = find(text, "\\n[^\\n]*$")
          if last then
            pieces[#pieces + 1] = sub(text, 1, last - 1)
            emit(concat(pieces))
            text = sub(text, last + 1)
            pieces, size = {}, 0
          end
          if text == "" then return end
          pieces[#pieces + 1] = text
          size = size + #text
          if size <= cap then return end
          local pending = concat(pieces)
          while #pending > cap do
            local cut = cap
            while cut > cap - 3 and byte(pending, cut + 1) >= 0x80 and byte(pending, cut + 1) < 0xC0 do
              cut = cut - 1
            end
            emit(sub(pending, 1, cut))
            pending = sub(pending, cut + 1)
          end
          pieces, size = { pending }, #pending
        end
        -- Adds the words io.write or io.stdout:write was given, each a string or a number, which the C function
        -- Lua calls has checked (clua_handwords).
        local function written(...)
          local words = {}
          for i = 1, select("#", ...) do
            local word = (select(i, ...))
            if type(word) == "number" then
              word = mathtype(word) == "integer" and format("%d", word) or format("%.14g", word)
            end
            words[i] = word
          end
          add(concat(words))
        end
        local function print(...)
          local words = {}
          for i = 1, select("#", ...) do words[i] = tostring((select(i, ...))) end
          add(concat(words, "\\t") .. "\\n")
        end
        local function endOfRun()
          if size == 0 then return end
          local text = concat(pieces)
          pieces, size = {}, 0
          emit(text)
        end
        return print, endOfRun, written
        """
}
