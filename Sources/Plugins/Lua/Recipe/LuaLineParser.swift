/// A Lua function that turns an arguments line into its fields (`--parser FILE`, `prx.lines{ parse = fn }`):
/// it returns a list of fields, one string (one field), or `nil` to skip the line.
public struct LuaLineParser {
    private let function: LuaFunctionReference
    /// Keeps the function's Lua state open.
    private let owner: AnyObject

    /// Wraps `function`, whose state `owner` keeps open.
    public init(function: LuaFunctionReference, owner: AnyObject) {
        self.function = function
        self.owner = owner
    }

    /// The fields of `line`, or `nil` to skip it. Numbers become strings as Lua writes them.
    ///
    /// - Throws: ``LuaError`` raised by the function, or ``RecipeError`` for a result that is no list of fields, at
    ///   the line the function's definition starts on (``LuaFunctionReference/definition``), as a Lua error names
    ///   its line: which `return` gave the result is not known once the function has returned.
    public func fields(of line: String) throws -> [String]? {
        let value = try function.call([.string(line)], as: "the parser").first ?? .nil
        do throws(RecipeError) {
            return try Self.fields(in: value)
        } catch {
            throw RecipeError(error.message, at: error.position ?? function.definition)
        }
    }

    /// The fields `value`, the function's result, gives, or `nil` to skip the line.
    private static func fields(in value: LuaValue) throws(RecipeError) -> [String]? {
        switch value {
        case .nil: return nil
        case .string(let field): return [field]
        case .table(let table):
            // `{ a, b, c }` with `b` nil, and `{ name = line }`: said so, where "got table" named no fault.
            try RecipeError.refuseHole(in: table, "the parser's result")
            if let key = table.map.keys.min(by: { $0.precedes($1) }) {
                throw RecipeError("the parser's result has a field \(key.fieldName), where a list of fields has none")
            }
            return try table.array.enumerated().map { index, field throws(RecipeError) in
                try RecipeError.word(field, "field \(index + 1) from the parser")
            }
        default:
            throw RecipeError("the parser must return a list of fields, a string or nil (got \(value.typeName))")
        }
    }
}
