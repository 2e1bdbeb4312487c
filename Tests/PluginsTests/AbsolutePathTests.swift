import Foundation
@testable import PRXPlugins
import PRXTesting
import Testing

@Suite struct AbsolutePathTests {
    /// `real/sub/`, `real/target.sh`, `target.sh`, `plain/`, `odd[1]/`, and `l`, a relative symbolic link to
    /// `real/sub`; returns the directory and its real path, against which the expected paths are written.
    private func makeTree() throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory()
        try directory.write("real/sub/keep", "")
        try directory.write("real/target.sh", "echo REAL")
        try directory.write("target.sh", "echo WRONG")
        try directory.write("plain/keep", "")
        try directory.write("odd[1]/keep", "")
        try FileManager.default.createSymbolicLink(atPath: directory.file("l"), withDestinationPath: "real/sub")
        return (directory, URL(fileURLWithPath: directory.path).resolvingSymlinksInPath().path)
    }

    /// A `..` after a symbolic link goes up from where the link leads, as `bash l/../target.sh` does; elsewhere it
    /// drops the last component, and the link itself is kept in the names shown.
    @Test(arguments: [
        ("l/../target.sh", "real/target.sh"),
        ("l/..", "real"),
        ("l/../*.sh", "real/*.sh"),
        ("l/sub2/../../target.sh", "real/target.sh"),
        ("l/../../plain/./keep", "plain/keep"),
        ("l", "l"),
        ("l/keep", "l/keep"),
        ("plain/../target.sh", "target.sh"),
        ("missing/../target.sh", "target.sh"),
        ("./plain//keep/", "plain/keep"),
        ("l*/../target.sh", "l*/../target.sh"),
        ("l*/../../x/..", "l*/../../x/.."),
        ("l*/keep/../target.sh", "l*/keep/../target.sh"),
        ("odd[1]/missing/../keep", "odd[1]/keep"),
    ])
    func dotDotGoesUpFromWhereTheKernelWouldBe(path: String, expected: String) throws {
        let (directory, base) = try makeTree()
        defer { directory.remove() }
        #expect(SourceFileSystem.absolutePath(path, base: base) == base + "/" + expected)
        #expect(SourceFileSystem.absolutePath(base + "/" + path, base: "/elsewhere") == base + "/" + expected)
    }

    @Test func theRootHasNoParent() {
        #expect(SourceFileSystem.absolutePath("/../a/../..", base: "/x") == "/")
        #expect(SourceFileSystem.absolutePath("..", base: "/") == "/")
    }

    /// A path is split at each `/` code point and is absolute when its first code point is `/`: a `/` followed by a
    /// combining mark is one Swift Character, which is not `/`, so `\u{0301}d/..` went up from the base's parent and
    /// `/\u{0301}x` was taken from the base.
    @Test(arguments: [
        ("\u{0301}d/../t.sh", "/base/dir/t.sh"),
        ("/\u{0301}x", "/\u{0301}x"),
        ("/\u{0301}x/../y", "/y"),
        ("a/\u{0301}/../b", "/base/dir/a/b"),
    ])
    func aPathIsSplitAtEverySlashCodePoint(path: String, expected: String) {
        let absolute = SourceFileSystem.absolutePath(path, base: "/base/dir")
        #expect(Array(absolute.unicodeScalars) == Array(expected.unicodeScalars))
    }

    /// The `..` kept after a wildcard is taken by `glob` from each directory matched, the link's included.
    @Test func aPatternGoesUpFromEachDirectoryItMatches() throws {
        let (directory, base) = try makeTree()
        defer { directory.remove() }
        let collection = try TaskFileCollection(paths: ["l*/../target.sh", "l/../*.sh"], baseDirectory: base)
        #expect(Array(collection.files) == [base + "/real/target.sh"])
    }
}
