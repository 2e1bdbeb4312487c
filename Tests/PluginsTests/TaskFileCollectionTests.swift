import Foundation
import PRXPlugins
import PRXTesting
import Testing

@Suite struct TaskFileCollectionTests {
    /// `tasks/` with two files, a dotfile, a subdirectory holding a file, and a second directory `more/`.
    private func makeTree() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("tasks/b.sh", "echo b")
        try directory.write("tasks/a.txt", "a")
        try directory.write("tasks/.hidden", "h")
        try directory.write("tasks/sub/deep.sh", "echo deep")
        try directory.write("more/c.LOG", "c")
        try directory.write("more/d.log", "d")
        return directory
    }

    @Test func directoryYieldsItsRegularFilesNonRecursivelyWithDotfiles() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        let collection = try TaskFileCollection(paths: [directory.file("tasks")])
        #expect(Array(collection.files) == ["tasks/.hidden", "tasks/a.txt", "tasks/b.sh"].map(directory.file))
    }

    /// A name that is not UTF-8 cannot be passed on as it is: it used to be left out without a word, and a glob
    /// matching it still left it out.
    @Test func aFileNameThatIsNotUTF8IsAnErrorNamingIt() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        let path = Array(directory.file("tasks").utf8) + Array("/caf".utf8) + [0xE9] + Array(".sh".utf8) + [0]
        let descriptor = path.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { creat($0.baseAddress!, 0o644) }
        }
        #expect(descriptor >= 0)
        close(descriptor)
        let reason = "the file name caf\\xe9.sh is not UTF-8, which prx cannot pass to a command"
        #expect(throws: TaskFileCollection.CollectionError.unreadable(directory.file("tasks"), reason: reason)) {
            try TaskFileCollection(paths: [directory.file("tasks")])
        }
        let pattern = directory.file("tasks/*.sh")
        let matched = "the file name \(directory.file("tasks"))/caf\\xe9.sh is not UTF-8, which prx cannot pass to a command"
        #expect(throws: TaskFileCollection.CollectionError.unreadable(pattern, reason: matched)) {
            try TaskFileCollection(paths: [pattern])
        }
    }

    @Test func severalValuesCombineWithoutDuplicatesSortedByAbsolutePath() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        let collection = try TaskFileCollection(
            paths: ["more", "tasks/b.sh", "./tasks/../tasks/b.sh", directory.file("tasks/b.sh"), "tasks/sub"],
            baseDirectory: directory.path)
        #expect(
            Array(collection.files) == [
                directory.file("more/c.LOG"), directory.file("more/d.log"), directory.file("tasks/b.sh"),
                directory.file("tasks/sub/deep.sh"),
            ])
    }

    @Test func globPatternsMatchRegularFilesOnly() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        let collection = try TaskFileCollection(paths: ["tasks/*", "more/?.log"], baseDirectory: directory.path)
        #expect(Array(collection.files) == ["more/d.log", "tasks/a.txt", "tasks/b.sh"].map(directory.file))
    }

    @Test(arguments: [
        ("txt", ["tasks/a.txt"]),
        (".sh", ["tasks/b.sh"]),
        ("log", ["more/c.LOG", "more/d.log"]),
        (" txt , .SH ", ["tasks/a.txt", "tasks/b.sh"]),
        ("txt,log", ["more/c.LOG", "more/d.log", "tasks/a.txt"]),
    ])
    func extensionFilterKeepsMatchingFilesIgnoringCase(list: String, expected: [String]) throws {
        let directory = try makeTree()
        defer { directory.remove() }
        let collection = try TaskFileCollection(
            paths: ["tasks", "more"], extensions: FileExtensionFilter(parsing: list), baseDirectory: directory.path)
        #expect(Array(collection.files) == expected.map(directory.file))
    }

    @Test(arguments: [
        ("a.txt", true), ("/x/y.TXT", true), ("a.tar.gz", false), (".txt", false), ("txt", false), ("a.", false),
    ])
    func extensionIsWhatFollowsTheLastDot(path: String, kept: Bool) throws {
        let filter = try #require(FileExtensionFilter(parsing: "txt"))
        #expect(filter.matches(path) == kept)
    }

    @Test func anEmptyExtensionListKeepsEveryFile() {
        #expect(FileExtensionFilter(parsing: " , ") == nil)
    }

    @Test func errorsNameTheValue() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        #expect(throws: TaskFileCollection.CollectionError.notFound("missing.sh")) {
            try TaskFileCollection(paths: ["tasks", "missing.sh"], baseDirectory: directory.path)
        }
        #expect(throws: TaskFileCollection.CollectionError.noMatch(pattern: "tasks/*.py")) {
            try TaskFileCollection(paths: ["tasks/*.py"], baseDirectory: directory.path)
        }
        #expect(throws: TaskFileCollection.CollectionError.noTaskFiles(extensions: ["py"])) {
            try TaskFileCollection(
                paths: ["tasks"], extensions: FileExtensionFilter(parsing: "py"), baseDirectory: directory.path)
        }
        #expect(TaskFileCollection.CollectionError.notFound("missing.sh").description == "task path does not exist: missing.sh (-T)")
    }

    @Test func directoryAndMatchingNarrowTheKindOfValue() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        #expect(try TaskFileCollection.directory("more", baseDirectory: directory.path).files.count == 2)
        #expect(throws: TaskFileCollection.CollectionError.notDirectory("tasks/a.txt")) {
            try TaskFileCollection.directory("tasks/a.txt", baseDirectory: directory.path)
        }
        let matched = try TaskFileCollection.matching("*/*.sh", baseDirectory: directory.path)
        #expect(Array(matched.files) == [directory.file("tasks/b.sh")])
    }
}
