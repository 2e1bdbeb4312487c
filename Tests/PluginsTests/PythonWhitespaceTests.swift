@testable import PRXPlugins
import Testing

@Suite struct PythonWhitespaceTests {
    @Test func asciiIsWhatPythonsIsspaceSays() {
        // Python: [c for c in map(chr, range(128)) if c.isspace()]
        let pythonSpaces: Set<UInt32> = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20]
        for value in UInt32(0)..<0x80 {
            #expect(PythonWhitespace.contains(Unicode.Scalar(value)!) == pythonSpaces.contains(value), "U+\(value)")
        }
    }

    @Test(arguments: [
        ("  host1  ", "host1"),
        ("\u{3000}\u{A0}wide space\u{85}\u{2028}", "wide space"),
        ("\u{1C}sep\u{1F}", "sep"),
        ("\t \n", ""),
        ("ünïcode ✓", "ünïcode ✓"),
        // Found in the bytes at one end, scalar by scalar at the other.
        (" a\u{A0}", "a"),
        ("\u{2028} a b \n", "a b"),
        ("e\u{301} ", "e\u{301}"),
        ("\u{85}", ""),
    ])
    func trimsBothEndsOfAString(text: String, expected: String) {
        #expect(PythonWhitespace.trim(text.unicodeScalars) == expected)
        #expect(PythonWhitespace.trim(text.unicodeScalars[...]) == expected)
        // A part of a longer string: its ends are the part's, not the string's.
        let inside = "x" + text + "x"
        #expect(PythonWhitespace.trim(inside.unicodeScalars.dropFirst().dropLast()) == expected)
    }
}
