/// Lists kept end to end in one array, with a 4-byte start per list: a recipe's million short lists (each task's
/// `after`, each task's dependencies) without an array, and an allocation, per task.
public struct FlatLists<Element>: RandomAccessCollection {
    /// Where each list starts in `elements`, and where the last one ends.
    private var starts: [UInt32] = [0]
    private var elements: [Element] = []

    /// Creates an empty collection of lists.
    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { starts.count - 1 }

    /// The list at `index`.
    public subscript(index: Int) -> ArraySlice<Element> {
        elements[Int(starts[index])..<Int(starts[index + 1])]
    }

    /// Adds `list` after the last list.
    mutating func append(_ list: some Sequence<Element>) {
        elements.append(contentsOf: list)
        precondition(elements.count < Int(UInt32.max), "over 4 billion elements in one recipe's lists")
        starts.append(UInt32(elements.count))
    }
}
