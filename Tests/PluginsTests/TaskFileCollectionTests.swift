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

    /// The task files that are result files are named, each once, however a value reached them (a directory, a
    /// pattern, the file itself, a hard link); a result file the filter leaves out is no task file.
    @Test func namesTheTaskFilesThatAreResultFiles() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        try FileManager.default.linkItem(atPath: directory.file("more/d.log"), toPath: directory.file("linked.log"))
        let resultFiles = try Set(["tasks/b.sh", "linked.log", "tasks/a.txt"].map { name in
            try #require(FileIdentity(ofFileAt: directory.file(name)))
        })
        let collection = try TaskFileCollection(
            paths: ["tasks", "tasks/*.sh", "tasks/b.sh", "more"], extensions: FileExtensionFilter(parsing: "sh,log"),
            baseDirectory: directory.path, resultFiles: resultFiles)
        #expect(collection.writtenTaskFiles == ["more/d.log", "tasks/b.sh"].map(directory.file))
        let unwritten = try TaskFileCollection(paths: ["tasks"], baseDirectory: directory.path)
        #expect(unwritten.writtenTaskFiles.isEmpty)
    }

    /// Creates the empty file, or with `directory` the directory, whose path is `path` then the bytes `name`.
    private func create(_ path: String, _ name: [UInt8], directory: Bool = false) {
        let bytes = Array(path.utf8) + name + [0]
        let made = bytes.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { path in
                directory ? mkdir(path.baseAddress!, 0o755) : creat(path.baseAddress!, 0o644)
            }
        }
        #expect(made >= 0)
        if !directory { close(made) }
    }

    /// A name that is not UTF-8, which a `String` cannot hold, is collected all the same for its task to say so,
    /// from a directory and from a pattern, unless the filter leaves it out; a directory so named is no task file.
    @Test func aFileNameThatIsNotUTF8IsCollectedWithItsBytes() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        create(directory.file("tasks/"), Array("caf".utf8) + [0xE9] + Array(".sh".utf8))
        create(directory.file("tasks/"), Array("d".utf8) + [0xE9], directory: true)
        let escaped = directory.file("tasks/caf\\xe9.sh")
        for value in ["tasks", "tasks/*.sh"] {
            let files = try TaskFileCollection(paths: [value], baseDirectory: directory.path).files
            let paths = files.indices.map { files.utf8Path(at: $0) ?? files.escapedPath(at: $0) }
            #expect(paths.contains(escaped) && paths.contains(directory.file("tasks/b.sh")), "\(value): \(paths)")
            #expect(paths.filter { $0.contains("\\x") } == [escaped], "\(value)")
        }
        // Each byte that is not UTF-8 is one character to a wildcard.
        let matched = try TaskFileCollection(paths: ["tasks/caf?.sh", "tasks/d?"], baseDirectory: directory.path).files
        #expect(matched.indices.map { matched.escapedPath(at: $0) } == [escaped])
        let filtered = try TaskFileCollection(
            paths: ["tasks"], extensions: FileExtensionFilter(parsing: "txt"), baseDirectory: directory.path)
        #expect(Array(filtered.files) == [directory.file("tasks/a.txt")])
    }

    @Test func anExtensionThatIsNotUTF8IsNoneOfTheFilters() throws {
        let filter = try #require(try FileExtensionFilter(parsing: "sh"))
        #expect(filter.matches(pathBytes: Array("/t/caf".utf8) + [0xE9] + Array(".SH".utf8)))
        #expect(!filter.matches(pathBytes: Array("/t/a.s".utf8) + [0xE9]))
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

    /// A pattern is read by code points, as Python's glob reads it: a `/` or `*` followed by a combining mark is
    /// one Swift Character, which is neither, so `\u{0301}*` (after the base's `/`) was a component holding a `/`,
    /// matching nothing, and `*\u{0301}` was taken for a name without a wildcard, not found.
    @Test(arguments: [
        ("\u{0301}*/t.sh", ["\u{0301}d/t.sh"]),
        ("*\u{0301}", ["a\u{0301}"]),
        ("\u{0301}*", ["\u{0301}a.sh"]),
    ])
    func aPatternIsReadByCodePoints(pattern: String, expected: [String]) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("\u{0301}d/t.sh", "")
        try directory.write("\u{0301}a.sh", "")
        try directory.write("a\u{0301}", "")
        let collection = try TaskFileCollection(paths: [pattern], baseDirectory: directory.path)
        #expect(
            collection.files.map { Array($0.unicodeScalars) }
                == expected.map { Array(directory.file($0).unicodeScalars) })
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
        let filter = try #require(try FileExtensionFilter(parsing: "txt"))
        #expect(filter.matches(path) == kept)
    }

    /// An empty list keeps every file; one that is not empty yet names no extension is an error, where it kept every
    /// file too (parallelr's empty entry is the suffix `.`, which no file has).
    /// The list is read by code points, as parallelr's `split(',')` and `startswith('.')` read it: a `,` or `.`
    /// followed by a combining mark is one Swift Character, which was neither a separator nor a leading dot.
    @Test func anExtensionListIsReadByCodePoints() throws {
        let filter = try #require(try FileExtensionFilter(parsing: "txt,\u{0301}log, .\u{0301}md"))
        #expect(
            filter.extensions.map { Array($0.unicodeScalars) }
                == [["t", "x", "t"], ["\u{0301}", "l", "o", "g"], ["\u{0301}", "m", "d"]])
        #expect(filter.matches("/t/a.\u{0301}md"))
    }

    @Test func anEmptyExtensionListKeepsEveryFileAndOneNamingNoneIsAnError() throws {
        #expect(try FileExtensionFilter(parsing: "") == nil)
        for list in [".", " , ", ". , .", " "] {
            let error = #expect(throws: FileExtensionFilter.NoExtensionError.self) {
                try FileExtensionFilter(parsing: list)
            }
            #expect(error?.list == list)
        }
        #expect(try FileExtensionFilter(parsing: "txt, ,.")?.extensions == ["txt"])
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
        #expect(TaskFileCollection.CollectionError.notFound("missing.sh").description
            == "task path does not exist: missing.sh (-T)")
    }

    /// A value naming a FIFO, a device or a symbolic link to nothing is passed over, told as it is, and the other
    /// values are collected; nothing else left is no task files, as for an empty directory.
    @Test func aValueThatIsNoFileNorDirectoryIsPassedOver() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        #expect(mkfifo(directory.file("pipe"), 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: directory.file("dangling"), withDestinationPath: "gone")
        var passedOver: [TaskFileCollection.PassedOverPath] = []
        let collection = try TaskFileCollection(
            paths: ["pipe", "more/d.log", "dangling", "/dev/null"], baseDirectory: directory.path
        ) { passedOver.append($0) }
        #expect(Array(collection.files) == [directory.file("more/d.log")])
        #expect(passedOver == [
            .notFileOrDirectory("pipe"), .linkToNothing("dangling"), .notFileOrDirectory("/dev/null"),
        ])
        #expect(throws: TaskFileCollection.CollectionError.noTaskFiles(extensions: [])) {
            try TaskFileCollection(paths: ["pipe", "dangling"], baseDirectory: directory.path)
        }
    }

    /// A value naming a symbolic link in a loop (to itself, or two links to each other) is passed over as a link to
    /// nothing is, and the other values are collected; a path through such a link is still one that cannot be read.
    @Test func aValueThatIsALinkInALoopIsPassedOver() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        try FileManager.default.createSymbolicLink(atPath: directory.file("self"), withDestinationPath: "self")
        try FileManager.default.createSymbolicLink(atPath: directory.file("ping"), withDestinationPath: "pong")
        try FileManager.default.createSymbolicLink(atPath: directory.file("pong"), withDestinationPath: "ping")
        var passedOver: [TaskFileCollection.PassedOverPath] = []
        let collection = try TaskFileCollection(
            paths: ["self", "more/d.log", "ping"], baseDirectory: directory.path
        ) { passedOver.append($0) }
        #expect(Array(collection.files) == [directory.file("more/d.log")])
        #expect(passedOver == [.linkInALoop("self"), .linkInALoop("ping")])
        #expect(
            passedOver[0].described { $0 }
                == "task path is a symbolic link in a loop: self (-T); ignored, as parallelr ignores it")
        #expect(throws: TaskFileCollection.CollectionError.self) {
            try TaskFileCollection(paths: ["self/x.sh", "more/d.log"], baseDirectory: directory.path)
        }
    }

    /// Resuming a run, a value that names nothing now (a file removed, a pattern matching none) is passed over, told
    /// as gone, where a run is refused; with nothing left the collection is empty, for the resumption to tell of each
    /// task that is gone, where it was refused as no task files, not a word of them.
    @Test func resumingARunAValueThatNamesNothingIsPassedOver() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        var passedOver: [TaskFileCollection.PassedOverPath] = []
        let collection = try TaskFileCollection(
            paths: ["more/gone.log", "more/d.log", "none*.sh"], baseDirectory: directory.path, resumingEarlierRun: true
        ) { passedOver.append($0) }
        #expect(Array(collection.files) == [directory.file("more/d.log")])
        #expect(passedOver == [.goneSinceTheRunResumed("more/gone.log"), .goneSinceTheRunResumed("none*.sh")])
        #expect(throws: TaskFileCollection.CollectionError.notFound("more/gone.log")) {
            try TaskFileCollection(paths: ["more/gone.log", "more/d.log"], baseDirectory: directory.path)
        }
        let gone = try TaskFileCollection(
            paths: ["more/gone.log"], baseDirectory: directory.path, resumingEarlierRun: true)
        #expect(gone.files.isEmpty)
    }

    /// A file found in a directory or by a pattern that cannot be examined (its `stat` fails: `EACCES` in a folder
    /// that can be listed but not searched, `ENAMETOOLONG` here, which root meets too) refuses the collection, naming
    /// it, as the value naming it alone does and as parallelr's `is_file()` raises; it was left out without a word,
    /// and the run went on without it. A symbolic link in a loop found so is still no file, left out.
    @Test func aFileFoundThatCannotBeExaminedIsAnError() throws {
        let directory = try makeTree()
        defer { directory.remove() }
        try FileManager.default.createSymbolicLink(atPath: directory.file("tasks/loop"), withDestinationPath: "loop")
        #expect(try TaskFileCollection(paths: ["tasks", "tasks/*"], baseDirectory: directory.path).files.count == 3)
        let name = String(repeating: "x", count: 240) + ".sh"
        var folder = directory.file("deep")
        while folder.utf8.count + 51 < 4000 { folder += "/" + String(repeating: "d", count: 50) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY)
        try #require(descriptor >= 0)
        defer {
            unlinkat(descriptor, name, 0)
            close(descriptor)
        }
        close(openat(descriptor, name, O_CREAT | O_WRONLY, 0o644))
        let relative = String(folder.dropFirst(directory.path.count + 1))
        let tooLong = "File name too long"
        #expect(throws: TaskFileCollection.CollectionError.unreadable(relative + "/" + name, reason: tooLong)) {
            try TaskFileCollection(paths: ["more", relative], baseDirectory: directory.path)
        }
        #expect(throws: TaskFileCollection.CollectionError.unreadable(folder + "/" + name, reason: tooLong)) {
            try TaskFileCollection(paths: [relative + "/*.sh"], baseDirectory: directory.path)
        }
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
