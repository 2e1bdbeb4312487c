/// Each recipe task's definition index by its name, in 4 bytes a slot: the names stay in the tasks themselves.
/// Names are told apart by their bytes (``ByteExactString``), as `prx.match` and Lua tell them apart.
///
/// A `[String: Int]` takes 24 bytes a slot and copies every name longer than 15 bytes into its own storage; at a
/// million tasks that is some 50 MB, against 8 MB here. Open addressing with linear probing, at most half full,
/// each slot holding a definition index plus one (0 for an empty slot); growing reads the names from the tasks
/// again.
struct TaskNameIndex {
    private var slots = [UInt32](repeating: 0, count: 16)
    /// How many names the index holds.
    private(set) var count = 0

    /// The definition index of the task called `name` among `tasks`, the array the index was filled from.
    func index(of name: String, in tasks: [RecipeTask]) -> Int? {
        let mask = slots.count - 1
        let name = ByteExactString(name)
        var slot = name.hashValue & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if ByteExactString(tasks[index].name) == name { return index }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Adds `tasks[index]` by its name, which the index must not hold yet.
    mutating func insert(_ index: Int, of tasks: [RecipeTask]) {
        precondition(index < Int(UInt32.max), "a recipe of over 4 billion tasks")
        if (count + 1) * 2 > slots.count {
            var grown = [UInt32](repeating: 0, count: slots.count * 2)
            for entry in slots where entry != 0 {
                Self.place(entry, named: tasks[Int(entry) - 1].name, in: &grown)
            }
            slots = grown
        }
        Self.place(UInt32(index + 1), named: tasks[index].name, in: &slots)
        count += 1
    }

    /// Puts `entry` in the first free slot from its name's hash.
    private static func place(_ entry: UInt32, named name: String, in slots: inout [UInt32]) {
        let mask = slots.count - 1
        var slot = ByteExactString(name).hashValue & mask
        while slots[slot] != 0 {
            slot = (slot + 1) & mask
        }
        slots[slot] = entry
    }
}
