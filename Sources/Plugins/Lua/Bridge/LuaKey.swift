/// A table key the bridge carries between Lua and Swift: an integer or a string.
///
/// Lua allows any value but `nil` and NaN as a key; recipes only need these two, and a table with any other
/// key (a boolean, a float such as `1.5`, a table) is a ``LuaError/Reason/conversion`` error when read.
/// Lua itself stores a float key with an integral value (`t[2.0]`) as the integer `2`. String keys are told apart
/// by their bytes, as Lua tells them apart (``ByteExactString``): `"caf\u{e9}"` and `"cafe\u{301}"` are two fields.
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

    /// Whether the keys are the same integer, or strings of the same bytes.
    public static func == (lhs: LuaKey, rhs: LuaKey) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let left), .integer(let right)): left == right
        case (.string(let left), .string(let right)): ByteExactString(left) == ByteExactString(right)
        default: false
        }
    }

    /// Feeds the key's kind and its integer or its string's bytes to `hasher`.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .integer(let value):
            hasher.combine(0 as UInt8)
            hasher.combine(value)
        case .string(let text):
            hasher.combine(1 as UInt8)
            hasher.combine(ByteExactString(text))
        }
    }

    /// The key as a message names a field of a table: `'name'`, or `[5]` for an integer.
    var fieldName: String {
        switch self {
        case .string(let field): "'\(field)'"
        case .integer(let index): "[\(index)]"
        }
    }
}
