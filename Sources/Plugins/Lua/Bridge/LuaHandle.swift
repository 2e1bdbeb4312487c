/// A table Lua code gets as its handle on something Swift keeps: a name to read and a number that stands for it, each
/// under its own key, as `prx.task`'s `{ name = "build", prx_task = 3 }`. Lua code holds a plain table, which it may
/// read and change as any other.
///
/// Made in one protected call (``LuaStack/push(handle:)``): a ``LuaTable`` of the same two entries is a dictionary,
/// and the steps that push it two arrays, each made and freed: some 5,500 instructions for each task of a recipe.
public struct LuaHandle {
    /// The key of the name, `name`.
    public let nameKey: StaticString
    /// The name, a string Lua code reads.
    public let name: String
    /// The key of the number, `prx_task`.
    public let numberKey: StaticString
    /// The number that stands for what the handle is a handle on.
    public let number: Int64

    /// The handle `{ [nameKey] = name, [numberKey] = number }`.
    public init(nameKey: StaticString, name: String, numberKey: StaticString, number: Int64) {
        self.nameKey = nameKey
        self.name = name
        self.numberKey = numberKey
        self.number = number
    }
}
