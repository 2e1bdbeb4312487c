@testable import PRXPlugins
import Testing

@Suite struct TaskFileListTests {
    /// The paths come out each once, sorted by their bytes: a prefix before what extends it, capitals before small
    /// letters, a non-ASCII letter after every ASCII one; as a set of strings sorted by their UTF-8 would.
    @Test func keepsEachPathOnceSortedByItsBytes() {
        let paths = ["/t/b", "/t/a", "/t/B", "/t/a", "/t/é", "/t/ab", "/t/z", "/t", "/t/a b", "/t/é", "/u"]
        var builder = TaskFileList.Builder()
        for path in paths { builder.add(path) }
        let list = builder.finished()
        #expect(Array(list) == ["/t", "/t/B", "/t/a", "/t/a b", "/t/ab", "/t/b", "/t/z", "/t/é", "/u"])
        #expect(Array(list) == Set(paths).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(list.count == 9)
    }

    /// Thousands of random paths, many repeated, come out as the reference sort of their set.
    @Test func agreesWithSortingTheSetOfStrings() {
        var generator = SystemRandomNumberGenerator()
        let letters = Array("ab/é.Z")
        let paths = (0..<5000).map { _ in
            "/" + String((0..<Int.random(in: 0...6, using: &generator)).map { _ in letters.randomElement()! })
        }
        var builder = TaskFileList.Builder()
        for path in paths { builder.add(path) }
        #expect(Array(builder.finished()) == Set(paths).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    @Test func anEmptyListHasNoPaths() {
        #expect(TaskFileList.Builder().finished().isEmpty)
    }
}
