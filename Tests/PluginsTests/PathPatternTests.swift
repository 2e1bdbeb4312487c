import Foundation
@testable import PRXPlugins
import PRXTesting
import Testing

/// ``SourceFileSystem/forEachPath(matching:notUTF8:_:)``, which walks the file system itself where it called
/// `glob`, whose `?` and `[…]` matched a byte.
@Suite struct PathPatternTests {
    /// The paths `pattern`, relative to `directory`, matches: those given as text, then those that are not UTF-8.
    private func paths(_ pattern: String, in directory: TemporaryDirectory) -> [String] {
        var found: [String] = []
        var notUTF8: [String] = []
        SourceFileSystem.forEachPath(
            matching: directory.file(pattern), notUTF8: { notUTF8.append(SourceFileSystem.escaped($0)) }
        ) { found.append($0) }
        return (found.sorted() + notUTF8.sorted()).map { String($0.dropFirst(directory.path.count + 1)) }
    }

    /// Over ASCII names, where a byte is a character, the paths are `glob`'s but for `.` and `..`, which a wildcard
    /// pattern no longer lists (as bash 5.2 and Python do not).
    @Test(arguments: [
        "*", "*/*", ".h*", ".*", "d?/*.sh", "d[12]/x", "*/../d1/*", "[!d]*", "d1/.*", "d1/*", "nothere/*", "d1/a.sh",
        "d1/zz", "link/*", "l*/*", "*/a\\.sh", "d1/a.sh/*", "*/x/*", "d[", "d[/*", "*/.x", "*/*/*",
    ])
    func agreesWithGlobOverASCII(pattern: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for file in ["d1/a.sh", "d1/.x", "d1/x/deep", "d2/b.sh", "d2/x", ".hidden", "top", "d[/k"] {
            try directory.write(file, "")
        }
        try FileManager.default.createSymbolicLink(atPath: directory.file("link"), withDestinationPath: "d1")
        var matches = glob_t()
        defer { globfree(&matches) }
        var expected: [String] = []
        if glob(directory.file(pattern), 0, nil, &matches) == 0 {
            expected = (0..<Int(matches.gl_pathc)).map { String(cString: matches.gl_pathv[$0]!) }
                .filter { !$0.hasSuffix("/.") && !$0.hasSuffix("/..") }
                .map { String($0.dropFirst(directory.path.count + 1)) }
        }
        #expect(paths(pattern, in: directory) == expected.sorted())
    }

    /// `?` and `[…]` match one character, however many bytes it takes.
    @Test func wildcardsMatchCharacters() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for file in ["é/1", "e/1", "ab/1", "😀/1"] {
            try directory.write(file, "")
        }
        #expect(paths("?/1", in: directory) == ["e/1", "é/1", "😀/1"])
        #expect(paths("[é😀]/?", in: directory) == ["é/1", "😀/1"])
    }
}
