/// A stack that holds its bottom element in place and only the ones above it in an array: what a conversion from Lua
/// keeps track of as it goes down into a table (``LuaStack``), which for a table of strings and numbers, such as a
/// `prx.task`'s, is one level deep and now allocates nothing. An array for each, made and freed for every value read,
/// took two allocations a task.
struct LuaReadingStack<Element: Equatable> {
    private var bottom: Element?
    private var above: [Element] = []

    /// How many elements it holds.
    var count: Int {
        bottom == nil ? 0 : 1 + above.count
    }

    /// The elements, from the bottom up.
    var elements: [Element] {
        prefix(count)
    }

    /// Puts `element` on top.
    mutating func append(_ element: Element) {
        if bottom == nil { bottom = element } else { above.append(element) }
    }

    /// Takes the top element off; there must be one.
    mutating func removeLast() {
        if above.isEmpty { bottom = nil } else { above.removeLast() }
    }

    /// Takes elements off the top until `count` are left.
    mutating func removeLast(downTo count: Int) {
        while self.count > count { removeLast() }
    }

    /// The first `length` elements from the bottom.
    func prefix(_ length: Int) -> [Element] {
        guard let bottom, length > 0 else { return [] }
        return [bottom] + above.prefix(length - 1)
    }

    /// How far from the bottom `element` first is, or `nil` when it is not there.
    func firstIndex(of element: Element) -> Int? {
        guard let bottom else { return nil }
        if bottom == element { return 0 }
        return above.firstIndex(of: element).map { $0 + 1 }
    }
}
