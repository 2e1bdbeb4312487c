/// A Lua value as Swift holds it.
///
/// Integers and floats stay distinct, as in Lua 5.4 (`3` is `.integer(3)`, `3.0` is `.number(3.0)`). Strings are
/// decoded as UTF-8; Lua strings are bytes, so bytes that are not UTF-8 become U+FFFD when read, while embedded
/// NULs survive both ways. Tables are copied into Swift values (``LuaTable``), which is why a table that contains
/// itself cannot be read. A function stays in Lua and Swift holds a ``LuaFunctionReference`` to it. Userdata,
/// light userdata and threads have no Swift form: reading one is a ``LuaError/Reason/conversion`` error.
///
/// Two `.function` values are equal when they hold the same ``LuaFunctionReference`` object.
public enum LuaValue: Equatable, ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `nil`.
    case `nil`
    /// `true` or `false`.
    case boolean(Bool)
    /// An integer (Lua's `lua_Integer`, 64 bits).
    case integer(Int64)
    /// A float (Lua's `lua_Number`).
    case number(Double)
    /// A string.
    case string(String)
    /// A table, copied.
    case table(LuaTable)
    /// A function, referenced.
    case function(LuaFunctionReference)

    /// Creates `.nil`.
    public init(nilLiteral: ()) {
        self = .nil
    }

    /// Creates a `.boolean`.
    public init(booleanLiteral value: Bool) {
        self = .boolean(value)
    }

    /// Creates an `.integer`.
    public init(integerLiteral value: Int64) {
        self = .integer(value)
    }

    /// Creates a `.number`.
    public init(floatLiteral value: Double) {
        self = .number(value)
    }

    /// Creates a `.string`.
    public init(stringLiteral value: String) {
        self = .string(value)
    }

    /// Creates a `.table` whose sequence is `elements`.
    public init(arrayLiteral elements: LuaValue...) {
        self = .table(LuaTable(array: elements))
    }

    /// Creates a `.table` with these entries, split into sequence and map as a table read from Lua would be.
    public init(dictionaryLiteral elements: (LuaKey, LuaValue)...) {
        self = .table(LuaTable(entries: Dictionary(elements, uniquingKeysWith: { _, last in last })))
    }

    /// The string, for `.string`; no number-to-string coercion.
    public var stringValue: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// The integer, for `.integer` and for a `.number` with an integral value (as `math.tointeger` does).
    public var intValue: Int? {
        switch self {
        case .integer(let value): Int(exactly: value)
        case .number(let value): Int(exactly: value)
        default: nil
        }
    }

    /// A float as Lua's `tostring` writes it: 14 significant digits (`%.14g`), with `.0` added to one that would
    /// read as an integer: `0.1 + 0.2` is `0.3`, `2^53` is `9.007199254741e+15`, `10 / 2` is `5.0`.
    public static func text(ofFloat value: Double) -> String {
        let text = String(format: "%.14g", value)
        return text.allSatisfy { $0 == "-" || $0.isASCII && $0.isNumber } ? text + ".0" : text
    }

    /// The number, for `.number` and `.integer`.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// The truth value, for `.boolean` only.
    public var boolValue: Bool? {
        guard case .boolean(let value) = self else { return nil }
        return value
    }

    /// The table, for `.table`.
    public var tableValue: LuaTable? {
        guard case .table(let value) = self else { return nil }
        return value
    }

    /// The function reference, for `.function`.
    public var functionValue: LuaFunctionReference? {
        guard case .function(let value) = self else { return nil }
        return value
    }

    /// The entry at `key` of a `.table`; `.nil` when it is absent or this is not a table.
    public subscript(key: LuaKey) -> LuaValue {
        tableValue?[key] ?? .nil
    }

    /// Lua's name for the value's type (`"nil"`, `"boolean"`, `"number"`, `"string"`, `"table"`, `"function"`),
    /// for messages such as "bad argument #1 (table expected, got string)".
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .boolean: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .table: "table"
        case .function: "function"
        }
    }
}
