#if os(Linux)
import Foundation
import Glibc
import PRXPlugins
import PRXTesting
import Testing

@Suite struct FeedbackFileTests {
    @Test(arguments: [
        ("", [:]),
        ("[progress]50\n", ["progress": "50"]),
        ("[progress]50\n[progress]90\n", ["progress": "90"]),
        ("[a]1\n[b]2\n[]\n[c]3\n", ["c": "3"]),
        ("[a]1\n[b]2\n[a]\n", ["b": "2"]),
        ("[a]1\n[]anything\n", [:]),
        ("[name]Setting up topology \n", ["name": "Setting up topology "]),
        ("[url]http://h/p?[x]=1\n", ["url": "http://h/p?[x]=1"]),
        ("# [a]1\n\n   \n[b]2\n", ["b": "2"]),
        ("[a]1\r\n[b]2\r\n", ["a": "1", "b": "2"]),
        ("[last]no line end", ["last": "no line end"]),
        ("[1st]x\n[my key]y\n [c]z\nplain text\n[open\n", [:]),
        ("[a1]x\n[_b]y\n", ["a1": "x", "_b": "y"]),
        ("[msg]page1\u{0C}page2\n[note]a\u{2028}b\u{85}c\n[vt]c\u{0B}d\n",
         ["msg": "page1\u{0C}page2", "note": "a\u{2028}b\u{85}c", "vt": "c\u{0B}d"]),
    ] as [(String, [String: String])])
    func parses(text: String, expected: [String: String]) {
        #expect(FeedbackFile.parse(text) == expected)
    }

    @Test func parsesTaskwatchersExample() {
        let text = """
            [info]Starting test
            [playbook]myPlaybook
            [info]
            [heartbeat]
            [testcase_id]001
            [testcase_name]Initialization
            [progress]12
            [progress]15
            [testcase_id]002
            [testcase_name]Setting up topology
            [progress]10
            """
        #expect(FeedbackFile.parse(text) == [
            "playbook": "myPlaybook", "testcase_id": "002", "testcase_name": "Setting up topology", "progress": "10",
        ])
    }

    @Test(arguments: [("/run/feedback", "/run/feedback/7.feedback"), ("/run/feedback/", "/run/feedback/7.feedback")])
    func namesTheFileAfterTheTask(directory: String, path: String) {
        #expect(FeedbackFile(directory: directory, taskID: 7).path == path)
    }

    @Test func readsTheFileAndItsModificationTime() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("3.feedback", "[step]copy\n[step]check\n")
        let file = FeedbackFile(path: path)
        #expect(try file.read() == ["step": "check"])
        let modified = try file.lastModified()
        #expect(abs(modified.timeIntervalSinceNow) < 60)
    }

    @Test func aMissingFileIsAFailureThatNamesIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = FeedbackFile(path: directory.file("none.feedback"))
        #expect(throws: FeedbackFile.Failure.self) { try file.read() }
        do {
            _ = try file.lastModified()
            Issue.record("a missing file has no modification time")
        } catch {
            #expect(error.description == "cannot look at feedback file \(file.path): No such file or directory")
        }
    }

    /// A task may put a FIFO where its file was: opening it for reading would wait for a writer for ever.
    @Test(.timeLimit(.minutes(1))) func aFileThatIsNoRegularFileIsAFailureNotAWait() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = FeedbackFile(path: directory.file("fifo.feedback"))
        #expect(mkfifo(file.path, 0o600) == 0)
        do {
            _ = try file.read()
            Issue.record("a FIFO was read as feedback")
        } catch {
            #expect(error.description == "cannot read feedback file \(file.path): not a regular file")
        }
    }

    /// Only the file's last ``FeedbackFile/readLimit`` bytes are read, from the first line that starts in them:
    /// here the line cut by the limit would read `[bad]1` from the cut on.
    @Test func aLongFileIsReadFromItsFirstWholeLineWithinTheLimit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let last = "[progress]77\n"
        let padding = "#" + String(repeating: "p", count: FeedbackFile.readLimit - 7 - last.utf8.count - 2) + "\n"
        let text = "[early]1\n[a]yyyy" + "[bad]1\n" + padding + last
        #expect(text.utf8.count - "[early]1\n[a]yyyy".utf8.count == FeedbackFile.readLimit)
        let path = try directory.write("long.feedback", text)
        #expect(try FeedbackFile(path: path).read() == ["progress": "77"])
    }

    /// A line that starts exactly where the last ``FeedbackFile/readLimit`` bytes begin starts in them: it is read,
    /// not taken for the tail of a line cut by the limit.
    @Test func aLineStartingAtTheLimitIsRead() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = "[step]first\n"
        let padding = "#" + String(repeating: "p", count: FeedbackFile.readLimit - first.utf8.count - 2) + "\n"
        let text = "[early]1\n" + first + padding
        #expect(text.utf8.count - "[early]1\n".utf8.count == FeedbackFile.readLimit)
        let path = try directory.write("boundary.feedback", text)
        #expect(try FeedbackFile(path: path).read() == ["step": "first"])
    }
}
#endif
