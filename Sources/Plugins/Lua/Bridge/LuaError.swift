import CLua

/// A failure in the Lua bridge: a chunk that does not compile, a Lua error raised while running, or a value that
/// cannot cross between Lua and Swift.
///
/// Lua writes positions into its messages (`recipe.lua:12: attempt to call a nil value`); the bridge takes them
/// apart into ``chunk``, ``line`` and ``message``, and ``description`` puts them back together as the one line a
/// person reads. The stack traceback, when there is one, is kept apart in ``traceback``.
public struct LuaError: Error, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Reason: Sendable, Hashable {
        /// The chunk does not compile (`LUA_ERRSYNTAX`).
        case syntax
        /// Lua code raised an error while running (`LUA_ERRRUN`), including a Swift function's thrown error.
        case runtime
        /// Lua ran out of memory (`LUA_ERRMEM`), or its stack cannot grow any further.
        case memory
        /// The message handler itself failed while handling an error (`LUA_ERRERR`).
        case messageHandler
        /// A chunk's file cannot be opened or read (`LUA_ERRFILE`).
        case file
        /// A value has no counterpart on the other side: a userdata, a table that contains itself, tables
        /// nested too deeply, a key that is neither an integer nor a string, or a function of another state.
        case conversion
        /// The ``LuaState`` a handle belongs to has been closed.
        case stateClosed
    }

    /// What kind of failure this is.
    public var reason: Reason
    /// The chunk the error points into, as it was loaded (`recipe.lua` for a file loaded from `recipe.lua`, in full
    /// where Lua's message shortened it); `nil` when the message carries no position.
    public var chunk: String?
    /// The line in ``chunk`` the error points at; `nil` when the message carries no position, or when it is about
    /// the chunk as a whole (one that ran out of memory as it compiled).
    public var line: Int?
    /// The message without its position.
    public var message: String
    /// Lua's `stack traceback:` text for errors raised while running; `nil` for the others.
    public var traceback: String?
    /// The lines calling the Lua function that raised the error, nearest first, as a task declared through a helper
    /// function names them (``LuaCallers``): empty when no Lua code called that function (the recipe's top level, a
    /// hook, a `cmd` function prx called), and for errors no running Lua function raised.
    public var callers = LuaCallers()

    /// Creates an error without a position; a Swift function can throw one to raise a Lua error with `message`.
    public init(reason: Reason, message: String) {
        self.reason = reason
        self.message = message
    }

    /// What a ``Reason/conversion`` error the bridge raised reading a value is made of, for a reader that knows where
    /// the value came from to word it so (an argument, a result); `nil` for other errors.
    var conversionFailure: LuaConversionFailure?

    /// The conversion error for `failure`, its message the value's description (`a table that contains itself`).
    init(_ failure: LuaConversionFailure) {
        self.init(reason: .conversion, message: failure.valueDescription)
        conversionFailure = failure
    }

    /// Creates an error from a message as Lua formats it, `chunk:line: message`, taking the position apart
    /// when the message starts with one.
    init(reason: Reason, luaMessage: String, traceback: String?) {
        self.init(reason: reason, message: luaMessage)
        self.traceback = traceback
        guard let position = Self.position(in: luaMessage) else { return }
        chunk = position.chunk
        line = position.line
        message = position.message
    }

    /// Takes the position from `prefix`, as Lua writes one before a message (`recipe.lua:12: `), for a message
    /// that named none; an empty `prefix` (no Lua function was running) leaves it without.
    mutating func place(at prefix: String) {
        guard let position = Self.position(in: prefix) else { return }
        chunk = position.chunk
        line = position.line
    }

    /// The one-line form, `recipe.lua:12: message`, `recipe.lua: message` for the chunk as a whole, or just the
    /// message when it has no position, then the lines that called the function that raised it
    /// (`recipe.lua:1: bad (called from recipe.lua:4)`); a message of several lines or of more than a thousand
    /// characters is shown on one line, cut (``OneLine``).
    public var description: String {
        let text = OneLine.of(message) + callersNote
        guard let chunk else { return text }
        guard let line else { return "\(chunk): \(text)" }
        return "\(chunk):\(line): \(text)"
    }

    /// ` (called from recipe.lua:4)`, or nothing when no Lua code called the function that raised the error, or when
    /// the message names those lines itself (a duplicate task name's, `(called from recipe.lua:4; first defined …)`).
    private var callersNote: String {
        let callers = callers.description
        return callers.isEmpty || message.contains(callers) ? "" : " (\(callers))"
    }

    /// The reason a `lua_pcall`, `lua_load` or `luaL_loadfilex` status stands for.
    static func reason(status: Int32) -> Reason {
        switch status {
        case LUA_ERRSYNTAX: .syntax
        case LUA_ERRMEM: .memory
        case LUA_ERRERR: .messageHandler
        case LUA_ERRFILE: .file
        default: .runtime
        }
    }

    /// Splits `chunk:line: message` at the first `:digits: ` (Lua's `luaG_addinfo` format).
    private static func position(in text: String) -> (chunk: String, line: Int, message: String)? {
        var searchStart = text.startIndex
        while let colon = text[searchStart...].firstIndex(of: ":") {
            let digits = text[text.index(after: colon)...].prefix(while: \.isASCIIDigit)
            let rest = text[digits.endIndex...]
            if colon > text.startIndex, !digits.isEmpty, rest.hasPrefix(": "), let line = Int(digits) {
                return (String(text[..<colon]), line, String(rest.dropFirst(2)))
            }
            searchStart = text.index(after: colon)
        }
        return nil
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
