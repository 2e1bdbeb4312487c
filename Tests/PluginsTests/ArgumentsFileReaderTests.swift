import Foundation
import PRXPlugins
import PRXTesting
import Testing

@Suite struct ArgumentsFileReaderTests {
    @Test func skipsBlankAndCommentLinesAndKeepsLineNumbers() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(
            "hosts.txt", "# hosts\nserver1\n\n   \n  # indented comment\n  server2  \r\nserver#3\n\tlast")
        let reader = try ArgumentsFileReader(path: path)
        var lines: [ArgumentLine] = []
        while let line = try reader.next() { lines.append(line) }
        #expect(
            lines == [
                ArgumentLine(number: 2, text: "server1", fields: ["server1"]),
                ArgumentLine(number: 6, text: "server2", fields: ["server2"]),
                ArgumentLine(number: 7, text: "server#3", fields: ["server#3"]),
                ArgumentLine(number: 8, text: "last", fields: ["last"]),
            ])
        #expect(try reader.next() == nil)
    }

    /// A line is a comment when its first code point after whitespace is `#`, as Python's
    /// `line.strip().startswith('#')` tells: `#` followed by an emoji modifier, a joiner or a combining mark is one
    /// character to Swift, not `#`, and such a comment line was a task. Stripping goes by code points too: a
    /// combining mark after the leading space is kept, the space is not.
    @Test(arguments: ["#\u{FE0F}\u{20E3} web servers", "#\u{200D}x", "  #\u{0301} note"])
    func aCommentIsALineWhoseFirstCodePointIsAHash(comment: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("hosts.txt", comment + "\nweb1\n \u{0301}x \n")
        let reader = try ArgumentsFileReader(path: path)
        var lines: [ArgumentLine] = []
        while let line = try reader.next() { lines.append(line) }
        #expect(lines.map { Array($0.text.unicodeScalars) } == [["w", "e", "b", "1"], ["\u{0301}", "x"]])
        #expect(lines.map(\.number) == [2, 3])
    }

    /// A carriage return alone ends a line, as in Python's universal newlines, with which parallelr reads the file:
    /// a file of old Mac line ends was one task, and `a\rb` on a line one task `a\rb`. `\r\n` is one line end.
    @Test func aCarriageReturnAloneEndsALine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("hosts.txt", "h1\rh2\r\r# note\rh3\r\nh4\rh5\nh6\r")
        let reader = try ArgumentsFileReader(path: path)
        var lines: [ArgumentLine] = []
        while let line = try reader.next() { lines.append(line) }
        #expect(lines.map(\.text) == ["h1", "h2", "h3", "h4", "h5", "h6"])
        #expect(lines.map(\.number) == [1, 2, 5, 6, 7, 8])
    }

    /// A `\r\n` split between two reads is one line end; each line of a file of `\r` line ends is its own, as to
    /// whether it is UTF-8 too (a bad byte in one marked them all when they were split from one read line).
    @Test func carriageReturnLinesAreLinesOfTheirOwn() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let split = try directory.write("split.txt", String(repeating: "x", count: 65535) + "\r\ny\n")
        let reader = try ArgumentsFileReader(path: split)
        var lines: [ArgumentLine] = []
        while let line = try reader.next() { lines.append(line) }
        #expect(lines.map(\.number) == [1, 2])
        #expect(lines.last?.text == "y")
        let mixed = directory.file("mixed.txt")
        #expect(FileManager.default.createFile(
            atPath: mixed, contents: Data(Array("ok1\r".utf8) + [0xFF] + Array("\rok2\r".utf8))))
        let marked = try ArgumentsFileReader(path: mixed)
        var flags: [Bool] = []
        while let line = try marked.next() { flags.append(line.isUTF8) }
        #expect(flags == [true, false, true])
    }

    /// A byte order mark at the start (a file a Windows editor saved) is not part of the first line: a comment
    /// there was a task, and a host name started with U+FEFF. One further on is the line's own.
    @Test(arguments: ["# hosts\nhost1\n", "host1\n"])
    func aByteOrderMarkIsNotPartOfTheFirstLine(text: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("hosts.txt", "\u{FEFF}" + text + "\u{FEFF}host2\n")
        let reader = try ArgumentsFileReader(path: path)
        var lines: [String] = []
        while let line = try reader.next() { lines.append(line.text) }
        #expect(lines == ["host1", "\u{FEFF}host2"])
    }

    /// A Latin-1 line is marked, whether it fits in the read buffer or is gathered across it, so that its reader
    /// can refuse it: its text has U+FFFD where the file has other bytes, and it is shown with those bytes written
    /// `\xNN` (it was shown with U+FFFD, the same for every byte).
    @Test func aLineThatIsNotUTF8IsMarked() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("latin1.txt")
        let long = [UInt8](repeating: UInt8(ascii: "a"), count: 100_000)
        var bytes = Array("caf\u{e9}.txt\n".utf8) + Array("caf".utf8) + [0xE9] + Array(".txt\n".utf8)
        bytes += long + [0xFF, UInt8(ascii: "\n")] + long + Array("\u{e9}\n".utf8)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let reader = try ArgumentsFileReader(path: path)
        var lines: [ArgumentLine] = []
        while let line = try reader.next() { lines.append(line) }
        #expect(lines.map(\.isUTF8) == [true, false, false, true])
        #expect(lines[0].text == "caf\u{e9}.txt")
        #expect(lines[1].text == "caf\u{FFFD}.txt")
        #expect(lines.map(\.shownText) == [
            "caf\u{e9}.txt", #"caf\xe9.txt"#, String(repeating: "a", count: 100_000) + #"\xff"#,
            String(repeating: "a", count: 100_000) + "\u{e9}",
        ])
    }

    /// A line is UTF-8 when decoding it replaces nothing, told by its bytes, not by the decoded length: a 4-byte
    /// sequence cut after its third byte is replaced by one U+FFFD, three bytes too, and is marked; a line holding
    /// U+FFFD itself is UTF-8.
    @Test func aLineIsMarkedByItsBytesNotItsLength() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("cut.txt")
        let bytes = [0xF0, 0x90, 0x80] + Array("x\n".utf8) + Array("\u{FFFD}x\n".utf8) + [0xED, 0xA0, 0x80, 0x0A]
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let reader = try ArgumentsFileReader(path: path)
        var lines: [ArgumentLine] = []
        while let line = try reader.next() { lines.append(line) }
        #expect(lines.map(\.isUTF8) == [false, true, false])
        #expect(lines.map(\.text) == ["\u{FFFD}x", "\u{FFFD}x", "\u{FFFD}\u{FFFD}\u{FFFD}"])
        #expect(lines.map(\.shownText) == [#"\xf0\x90\x80x"#, "\u{FFFD}x", #"\xed\xa0\x80"#])
    }

    /// Lines longer than the 64 KiB read buffer, and lines that straddle its edge, come back whole.
    @Test func linesAcrossTheReadBufferComeBackWhole() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let long = String(repeating: "a", count: 200_000)
        let straddling = String(repeating: "b", count: 65_536 - 10)
        let path = try directory.write("long.txt", "\(straddling)\n\(long)\nshort\n\(long)")
        let reader = try ArgumentsFileReader(path: path)
        var texts: [String] = []
        while let line = try reader.next() { texts.append(line.text) }
        #expect(texts == [straddling, long, "short", long])
    }

    /// A line of more than 16 MiB is an error naming the file and line, where it used to grow without bound
    /// (`-A /dev/zero` ran the machine out of memory); the lines after it are read, numbered as the file has them.
    @Test func aLineLongerThan16MiBIsAnErrorNamingItsLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(
            "huge.txt", "first\n" + String(repeating: "x", count: 16 << 20 + 1) + "\nlast\n")
        let reader = try ArgumentsFileReader(path: path)
        #expect(try reader.next()?.text == "first")
        #expect(throws: ArgumentsFileReader.ReadError.unreadableLine(
            path, line: 2, reason: "a line is longer than 16 MiB")) { try reader.next() }
        let last = try reader.next()
        #expect(last?.text == "last")
        #expect(last?.number == 3)
        #expect(try reader.next() == nil)
    }

    /// A line of exactly 16 MiB is read, its line break not counted: it was refused when a line break ended it,
    /// and read when it ended the file.
    @Test func aLineOfExactly16MiBIsRead() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let line = String(repeating: "x", count: 16 << 20)
        let path = try directory.write("edge.txt", "first\n\(line)\nlast\n")
        let reader = try ArgumentsFileReader(path: path)
        #expect(try reader.next()?.text == "first")
        #expect(try reader.next()?.text.utf8.count == 16 << 20)
        #expect(try reader.next()?.text == "last")
    }

    @Test func withoutASeparatorTheWholeLineIsOneField() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reader = try ArgumentsFileReader(path: directory.write("a.txt", "  a b, c  \n"))
        #expect(try reader.next()?.fields == ["a b, c"])
    }

    @Test func splitsWithTheSeparator() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reader = try ArgumentsFileReader(
            path: directory.write("a.csv", "h1,80,prod\nh2, 81 ,dev\n"), separator: .comma)
        #expect(try reader.next()?.fields == ["h1", "80", "prod"])
        #expect(try reader.next()?.fields == ["h2", "81", "dev"])
    }

    @Test func aMissingFileOrADirectoryIsAnError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: ArgumentsFileReader.ReadError.cannotOpen(
            directory.file("no.txt"), reason: "No such file or directory")) {
            try ArgumentsFileReader(path: directory.file("no.txt"))
        }
        #expect(throws: ArgumentsFileReader.ReadError.isDirectory(directory.path)) {
            try ArgumentsFileReader(path: directory.path)
        }
    }
}
