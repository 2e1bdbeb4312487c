/// A Lua table as a Swift value: its sequence in ``array`` and every other entry in ``map``.
///
/// A table read from Lua has its elements `t[1] … t[n]` in ``array``, `n` being the first index followed by a
/// missing one, and all other keys in ``map``; so `{10, 20, x = 1, [5] = 50}` reads as `array: [10, 20]` and
/// `map: ["x": 1, 5: 50]`. Pushed to Lua, ``array`` fills `1...array.count` and then ``map`` is written, so a map
/// entry with an integer key in that range wins. As in Lua, a `.nil` value is an absent entry: an `.nil` element
/// pushed in ``array`` leaves a hole. Metatables are neither read nor written.
public struct LuaTable: Equatable {
    /// The sequence `t[1] … t[n]`.
    public var array: [LuaValue]
    /// The entries that are not in the sequence.
    public var map: [LuaKey: LuaValue]

    /// Creates a table from its sequence and its other entries.
    public init(array: [LuaValue] = [], map: [LuaKey: LuaValue] = [:]) {
        self.array = array
        self.map = map
    }

    /// Splits entries read from Lua into the sequence and the rest.
    init(entries: [LuaKey: LuaValue]) {
        var map = entries
        var array: [LuaValue] = []
        while let element = map.removeValue(forKey: .integer(Int64(array.count) + 1)) {
            array.append(element)
        }
        self.init(array: array, map: map)
    }

    /// Where the sequence stops before an element that follows: `{ "a", nil, "c" }` reads as `array: ["a"]` and
    /// `map: [3: "c"]`, a `nil` at 2 before the element at 3 (the first integer key of ``map`` past the sequence);
    /// `nil` when no key of ``map`` comes after the sequence.
    public var hole: (missing: Int, next: Int64)? {
        let missing = array.count + 1
        var next: Int64?
        // A plain loop: the lazy `compactMap` and `min` of the keys cost some 700 instructions for each task declared.
        for case .integer(let index) in map.keys where index > missing && next.map({ index < $0 }) ?? true {
            next = index
        }
        return next.map { (missing, $0) }
    }

    /// The value at `key` as Lua would see it after a push (``map`` wins over ``array``), or `.nil` when absent.
    public subscript(key: LuaKey) -> LuaValue {
        if let value = map[key] {
            return value
        }
        if case .integer(let index) = key, index >= 1, index <= array.count {
            return array[Int(index) - 1]
        }
        return .nil
    }
}
