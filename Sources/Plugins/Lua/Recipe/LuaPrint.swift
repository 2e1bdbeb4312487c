/// A Lua `print` that hands its line to Swift rather than writing it to standard output: for a daemon (`-D`), whose
/// standard output is `/dev/null`, so that what its `--hook`, `--parser` and `--stop-policy` files print reaches its
/// main log.
///
/// It makes the text Lua's own `print` writes, each argument as `tostring` makes it (a `__tostring` or `__name`
/// honoured), separated by tabs, and hands it over without the line break. A text that is not UTF-8, which prx takes no
/// other way, has its bytes from 0x80 on written as `\xNN` escapes, as prx writes such bytes elsewhere.
enum LuaPrint {
    /// Sets the global `print` of `state` to one that hands each line to `write`; the Lua functions it uses are taken
    /// as they are now, so that Lua code replacing `tostring` later changes nothing, as with Lua's own `print`.
    static func install(in state: LuaState, _ write: @escaping (String) -> Void) throws(LuaError) {
        let handOver = try state.makeFunction(named: "print") { arguments in
            if case .string(let text)? = arguments.first { write(text) }
            return []
        }
        let print = try state.load(string: source, name: "print").call(.function(handOver))
        try state.setGlobal("print", to: print.first ?? .nil)
    }

    private static let source = """
        local write = ...
        local tostring, select, concat, len = tostring, select, table.concat, utf8.len
        local gsub, format, byte = string.gsub, string.format, string.byte
        local function escape(c) return format("\\\\x%02x", byte(c)) end
        return function(...)
          local words = {}
          for i = 1, select("#", ...) do words[i] = tostring((select(i, ...))) end
          local text = concat(words, "\\t")
          if not len(text) then text = gsub(text, "[\\128-\\255]", escape) end
          write(text)
        end
        """
}
