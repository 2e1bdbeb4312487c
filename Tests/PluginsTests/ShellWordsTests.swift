import PRXPlugins
import Testing

@Suite struct ShellWordsTests {
    @Test(arguments: [
        ("bash @TASK@", ["bash", "@TASK@"]),
        ("  python3   -c  'print(1)' ", ["python3", "-c", "print(1)"]),
        ("echo \"a b\" c", ["echo", "a b", "c"]),
        ("echo 'it'\"'\"'s'", ["echo", "it's"]),
        ("echo a\\ b", ["echo", "a b"]),
        ("echo \"\\$HOME \\\" \\x\"", ["echo", "\\$HOME \" \\x"]),
        ("echo $HOME; rm -rf /", ["echo", "$HOME;", "rm", "-rf", "/"]),
        ("echo '' x", ["echo", "", "x"]),
        ("a#b # c", ["a#b", "#", "c"]),
        ("", []),
    ])
    func splitsLikeShlex(line: String, words: [String]) throws {
        #expect(try ShellWords.split(line) == words)
    }

    /// The line is read by code points, as shlex reads it: a space, a quote, a backslash or a `\r` followed by a
    /// combining mark or a `\n` is one Swift Character, which was none of them (`echo \u{0301}x` was one word, and
    /// `'a'\u{0301}` an unclosed quote).
    @Test(arguments: [
        ("echo \u{0301}x", ["echo", "\u{0301}x"]),
        ("echo 'a'\u{0301} b", ["echo", "a\u{0301}", "b"]),
        ("echo \"a\"\u{0301}", ["echo", "a\u{0301}"]),
        ("echo \\\u{0301}", ["echo", "\u{0301}"]),
        ("echo a\r\nb", ["echo", "a", "b"]),
    ])
    func splitsByCodePoints(line: String, words: [String]) throws {
        #expect(try ShellWords.split(line).map { Array($0.unicodeScalars) } == words.map { Array($0.unicodeScalars) })
    }

    @Test func rejectsAnUnclosedQuote() {
        #expect(throws: ShellWords.SplitError.unclosedQuote("'", offset: 5)) { try ShellWords.split("echo 'abc") }
        #expect(throws: ShellWords.SplitError.unclosedQuote("\"", offset: 2)) { try ShellWords.split("a \"b") }
        #expect(throws: ShellWords.SplitError.danglingBackslash) { try ShellWords.split("echo \\") }
    }

    @Test(arguments: ["plain", "", "a b", "it's", "$HOME", "semi;colon", "new\nline", "ünïcode", "x=1,y:2"])
    func quotingRoundTrips(word: String) throws {
        #expect(try ShellWords.split(ShellWords.quote(word)) == [word])
    }

    /// A `'` followed by a combining mark or a joiner is one `Character` of Swift's, which a replacement of `"'"` by
    /// `Character` passed over: `a'\u{0301}; touch x; '\u{0301}` was quoted as one quoted word the shell read as three
    /// (a dry run's line then ran `touch x`). Quoting goes by code point, as the shell reads.
    @Test(arguments: ["a'\u{0301}; touch x; '\u{0301}", "'\u{200D}", "x'\u{0301}", "\u{0301}'\u{0301}'"])
    func quotingRoundTripsAQuoteFollowedByAMark(word: String) throws {
        let words = try ShellWords.split(ShellWords.quote(word))
        #expect(words.map { Array($0.unicodeScalars) } == [Array(word.unicodeScalars)])
    }

    @Test func joinsWithMinimalQuoting() {
        #expect(ShellWords.join(["bash", "/tmp/task 1.sh", "--x=1"]) == "bash '/tmp/task 1.sh' --x=1")
    }

    /// The program, the first word, is quoted also where a shell would read it as an assignment or a reserved word;
    /// the same words later in the line, and other programs, are as before.
    @Test(arguments: [
        (["x=1", "echo", "y=2"], "'x=1' echo y=2"), (["if", "echo", "if"], "'if' echo if"),
        (["time", "ls"], "'time' ls"), (["coproc"], "'coproc'"), (["in"], "'in'"), (["done", "x"], "'done' x"),
        (["it's=1", "a"], "'it'\"'\"'s=1' a"), (["a b=c"], "'a b=c'"), (["!", "x"], "'!' x"), (["{"], "'{'"),
        (["[["], "'[['"), (["iff", "then"], "iff then"), (["/bin/x=1"], "'/bin/x=1'"), ([""], "''"), ([], ""),
    ])
    func quotesAProgramAShellWouldTakeForSomethingElse(words: [String], line: String) throws {
        #expect(ShellWords.join(words) == line)
        #expect(try ShellWords.split(line) == words)
    }
}
