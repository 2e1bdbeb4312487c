/// A table key the bridge carries between Lua and Swift: an integer or a string.
///
/// Lua allows any value but `nil` and NaN as a key; recipes only need these two, and a table with any other
/// key (a boolean, a float such as `1.5`, a table) is a ``LuaError/Reason/conversion`` error when read.
/// Lua itself stores a float key with an integral value (`t[2.0]`) as the integer `2`.
public enum LuaKey: Hashable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    /// An integer key; `1...n` are the sequence (array part) of a table.
    case integer(Int64)
    /// A string key, a record field such as `name` in `{name = "x"}`.
    case string(String)

    /// Creates an integer key from a literal, so `table[1]` reads the first element.
    public init(integerLiteral value: Int64) {
        self = .integer(value)
    }

    /// Creates a string key from a literal, so `table["name"]` reads a field.
    public init(stringLiteral value: String) {
        self = .string(value)
    }

    /// The key as a message names a field of a table: `'name'`, or `[5]` for an integer.
    var fieldName: String {
        switch self {
        case .string(let field): "'\(field)'"
        case .integer(let index): "[\(index)]"
        }
    }
}
