import PRXPlugins
import Testing

/// Unicode's bidirectional controls are invisible and reorder what follows them on the line: a right-to-left
/// override (U+202E) in a file's name showed the rest of a log line, a warning or a listing reversed, so that it read
/// otherwise than what it named. Each is now written as an escape, as a control character is; the characters that
/// share their first UTF-8 byte (dashes, ellipses, arrows, check marks) are left as they are.
@Suite struct BidirectionalControlEscapingTests {
    @Test(arguments: [
        ("ev\u{202E}lif.txt", #"ev\u{202e}lif.txt"#),
        ("\u{202A}\u{202B}\u{202C}\u{202D}", #"\u{202a}\u{202b}\u{202c}\u{202d}"#),
        ("a\u{200E}b\u{200F}c", #"a\u{200e}b\u{200f}c"#),
        ("\u{2066}\u{2067}\u{2068}\u{2069}", #"\u{2066}\u{2067}\u{2068}\u{2069}"#),
        ("\u{061C}x", #"\u{61c}x"#), ("a\n\u{202E}", #"a\n\u{202e}"#),
        ("— … → ✓ ✗ \u{2065} \u{200D} \u{202F} \u{061B}", "— … → ✓ ✗ \u{2065} \u{200D} \u{202F} \u{061B}"),
    ])
    func aBidirectionalControlIsAnEscape(text: String, escaped: String) {
        #expect(ControlCharacterEscaping.escaped(text) == escaped)
    }

    /// A dry run's command line is for a shell too: a bidirectional control, an escape sequence's ESC and a carriage
    /// return are written outside the quotes as a `printf` of their bytes, which `sh` reads back as the character.
    @Test(arguments: [
        ("ev\u{202E}lif.txt", #"ev"$(printf '\342\200\256')"lif.txt"#),
        ("my ev\u{202E}lif.txt", #"'my ev'"$(printf '\342\200\256')"lif.txt"#),
        ("\u{202E}x", #""$(printf '\342\200\256')"x"#),
        ("a\u{1B}[2Jb\r", #"a"$(printf '\033')"'[2Jb'"$(printf '\015')""#),
        ("new\nline\ttab", "'new\nline\ttab'"), ("plain", "plain"),
    ])
    func aDryRunWordShowsItsControls(word: String, quoted: String) {
        #expect(ShellWords.quoteShowing(word) == quoted)
    }

    /// The program keeps its quoting as a program: `x=1` followed by a control is no assignment to a shell.
    @Test func aProgramWithAControlIsNoAssignment() {
        #expect(ShellWords.joinShowing(["x=1\u{202E}", "a\u{200F}"])
            == #"'x=1'"$(printf '\342\200\256')" a"$(printf '\342\200\217')""#)
    }
}
