/// The order in which the entries of a table the recipe gave are checked when one of them is wrong, so that the same
/// table is refused for the same fault every run.
///
/// ``LuaTable/map`` is a Swift dictionary, whose order Swift seeds anew in each process, read from Lua's `lua_next`,
/// whose order for string keys Lua seeds anew in each state (`luai_makeseed`): checked in that order, a table with
/// two faults was refused for one or the other from run to run (`prx.task{ "true", bogus = 1, other = 2 }`).
extension LuaKey {
    /// Whether this key comes before `other` in the order faults are reported in: integers first, by value, then
    /// strings by their bytes, as Lua tells them apart (``ByteExactString``).
    func precedes(_ other: LuaKey) -> Bool {
        switch (self, other) {
        case (.integer(let left), .integer(let right)): left < right
        case (.integer, .string): true
        case (.string, .integer): false
        case (.string(let left), .string(let right)): left.utf8.lexicographicallyPrecedes(right.utf8)
        }
    }
}

extension LuaTable {
    /// Runs `check` on each entry of ``map``, in the dictionary's order; when it throws, runs it again on the entries
    /// in the order `precedes` gives (by default ``LuaKey/precedes(_:)``) and throws the first error of that order,
    /// so that a table without a fault costs no sorting.
    ///
    /// - Throws: what `check` throws for the first entry, in that order, that it refuses.
    func checkEntries<Failure: Error>(
        by precedes: (LuaKey, LuaKey) -> Bool = { $0.precedes($1) },
        _ check: (LuaKey, LuaValue) throws(Failure) -> Void
    ) throws(Failure) {
        do throws(Failure) {
            for (key, value) in map {
                try check(key, value)
            }
        } catch {
            for key in map.keys.sorted(by: precedes) {
                try check(key, map[key]!)
            }
            throw error
        }
    }
}
