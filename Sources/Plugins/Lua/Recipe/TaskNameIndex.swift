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

    /// The hash of `name` that the index places it by, for a caller that both looks a name up and adds it
    /// (``index(of:hash:in:)``, ``insert(_:hash:of:)``) to work out once.
    static func hash(of name: String) -> Int {
        ByteExactString(name).hashValue
    }

    /// The definition index of the task called `name` among `tasks`, the array the index was filled from.
    func index(of name: String, in tasks: RecipeTaskList) -> Int? {
        index(of: name, hash: Self.hash(of: name), in: tasks)
    }

    /// The definition index of the task called `name`, whose ``hash(of:)`` is `hash`, among `tasks`.
    func index(of name: String, hash: Int, in tasks: RecipeTaskList) -> Int? {
        let mask = slots.count - 1
        let name = ByteExactString(name)
        var slot = hash & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if ByteExactString(tasks[index].name) == name { return index }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Adds `tasks[index]` by its name, which the index must not hold yet.
    mutating func insert(_ index: Int, of tasks: RecipeTaskList) {
        insert(index, hash: Self.hash(of: tasks[index].name), of: tasks)
    }

    /// Adds `tasks[index]` by its name, whose ``hash(of:)`` is `hash` and which the index must not hold yet.
    mutating func insert(_ index: Int, hash: Int, of tasks: RecipeTaskList) {
        precondition(index < Int(UInt32.max), "a recipe of over 4 billion tasks")
        if (count + 1) * 2 > slots.count {
            var grown = [UInt32](repeating: 0, count: slots.count * 2)
            for entry in slots where entry != 0 {
                Self.place(entry, hash: Self.hash(of: tasks[Int(entry) - 1].name), in: &grown)
            }
            slots = grown
        }
        Self.place(UInt32(index + 1), hash: hash, in: &slots)
        count += 1
    }

    /// Puts `entry` in the first free slot from `hash`, its name's.
    private static func place(_ entry: UInt32, hash: Int, in slots: inout [UInt32]) {
        let mask = slots.count - 1
        var slot = hash & mask
        while slots[slot] != 0 {
            slot = (slot + 1) & mask
        }
        slots[slot] = entry
    }
}
