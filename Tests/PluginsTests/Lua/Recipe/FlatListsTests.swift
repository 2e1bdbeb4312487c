@testable import PRXPlugins
import Testing

@Suite struct FlatListsTests {
    @Test func keepsEachListWholeAndInOrderEmptyOnesIncluded() {
        var lists = FlatLists<String>()
        #expect(lists.isEmpty)
        let given: [[String]] = [[], ["a"], [], ["b", "c", "d"], ["e"], []]
        for list in given { lists.append(list) }
        #expect(lists.count == 6)
        #expect(lists.map(Array.init) == given)
        #expect(lists[3].first == "b" && lists[3].count == 3)
        #expect(lists[5].isEmpty)
    }
}
