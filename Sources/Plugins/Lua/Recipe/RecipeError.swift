/// A recipe that cannot be run, or a value a recipe function cannot use: one line for `prx: error: …`, with the
/// recipe's position in front when known (`recipe.lua:9: duplicate task name "build" …`).
public struct RecipeError: Error, Hashable, CustomStringConvertible {
    /// Where in the recipe the problem is, when known.
    public var position: LuaSourcePosition?
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String, at position: LuaSourcePosition? = nil) {
        self.message = message
        self.position = position
    }

    /// `chunk:line: message`, or the message alone.
    public var description: String {
        Self.message(message, at: position?.description)
    }

    /// `place: message`, or the message alone without a place: the one form of an error that names where it is, a
    /// recipe's line (`recipe.lua:3`) or a configuration file's (`prx.yaml:3`).
    public static func message(_ message: String, at place: String?) -> String {
        place.map { "\($0): \(message)" } ?? message
    }

    /// A string or number as one command word or variable value, a number as Lua's `tostring` writes it (`2.0`,
    /// `0.3` for `0.1 + 0.2`, `1e+15`), as the recipe's author sees it printed.
    static func word(_ value: LuaValue, _ what: @autoclosure () -> String) throws(RecipeError) -> String {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .number(let number): return LuaValue.text(ofFloat: number)
        default: throw RecipeError("\(what()) must be a string or a number (got \(value.typeName))")
        }
    }

    /// Throws `what element 2 is nil, …` when `list` (a command's words, `retry_on`, `after`, a parser's result) has
    /// a hole (``LuaTable/hole``): Lua's list ends at a `nil`, so the elements after it would be read as other keys
    /// (`[3]`), not as elements of the list.
    static func refuseHole(in list: LuaTable, _ what: String) throws(RecipeError) {
        guard let (missing, next) = list.hole else { return }
        throw RecipeError("\(what) element \(missing) is nil, which ends the list before element \(next)")
    }

    /// Throws `what must not contain a NUL byte` (then `, why`) when `text` holds one: a program is given its
    /// command, directory and variables as C strings, which a NUL byte would end early.
    static func refuseNUL(_ text: String, _ what: String, why: String? = nil) throws(RecipeError) {
        guard text.utf8.contains(0) else { return }
        throw RecipeError("\(what) must not contain a NUL byte" + (why.map { ", \($0)" } ?? ""))
    }
}
