import PRXKernel
import Testing

@Suite struct TaskIDSetTests {
    /// Ids inserted in any order are held once each, ids in stretches and below them alike, and no other id is.
    @Test func holdsTheIdsInsertedAndNoOthers() {
        var set = TaskIDSet()
        #expect(set.isEmpty && !set.contains(1))
        let inserted = [3, 4, 5, 9, 10, 1, 7, 12, 2]
        let first = inserted.map { set.insert(TaskID($0)) }
        let again = inserted.map { set.insert(TaskID($0)) }
        #expect(first.allSatisfy { $0 } && again.allSatisfy { !$0 })
        #expect(!set.isEmpty)
        for id in -1...14 { #expect(set.contains(TaskID(id)) == inserted.contains(id), "\(id)") }
    }

    /// A million ids in increasing order, as a source numbers its tasks, are one stretch: held, and looked up.
    @Test func aMillionConsecutiveIdsAreHeld() {
        var set = TaskIDSet()
        for id in 1...1_000_000 { set.insert(TaskID(id)) }
        #expect(set.contains(1) && set.contains(500_000) && set.contains(1_000_000))
        #expect(!set.contains(0) && !set.contains(1_000_001))
    }
}
