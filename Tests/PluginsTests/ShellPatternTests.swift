#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import PRXPlugins
import Testing

@Suite struct ShellPatternTests {
    /// `?` and `[…]` matched one byte, so a character of two bytes or more took two `?` and no bracket matched it.
    @Test(arguments: [
        ("build:?", "build:é", true), ("build:??", "build:é", false), ("?", "😀", true),
        ("cafe?", "cafe\u{301}", true), ("caf?", "cafe\u{301}", false), ("café", "cafe\u{301}", false),
        ("[é]", "é", true), ("[!a]", "é", true), ("[!é]", "é", false), ("[à-ÿ]", "é", true), ("[a-z]", "é", false),
        ("[[:alpha:]]", "é", true), ("[[:upper:]]", "É", true), ("[[:digit:]]", "٣", false), ("*:?", "ü:ß", true),
        ("\\é", "é", true), ("[\\]é]", "é", true), ("[[.é.]-ü]", "ö", true), ("[[=é=]]", "é", true),
    ])
    func matchesCharactersNotBytes(pattern: String, name: String, matches: Bool) {
        #expect(ShellPattern(pattern).matches(name) == matches)
    }

    /// Over ASCII, where a byte is a character, the answers are `fnmatch`'s, without flags and, for file names,
    /// with `FNM_PERIOD`: pieces of patterns and names chosen at random (the same each run), the odd ones included
    /// (`[]`, `[!]`, `[a-]`, a lone `\`, `[[:x:]]`).
    @Test func agreesWithFnmatchOverASCII() {
        let patternPieces = [
            "a", "b", ".", "-", "*", "?", "[", "]", "!", "^", "\\", "[a-c]", "[!a]", "[]a]", "[[:alpha:]]",
            "[[:nope:]]", "[[.a.]]", "[[=b=]]", "[a-]", "[\\]]", "[[:digit:]x]", "[b-a]",
        ]
        let namePieces = ["a", "b", "c", ".", "-", "]", "[", "!", "\\", "1", "A"]
        var random = SplitMix(seed: 42)
        var matched = 0
        for _ in 0..<20_000 {
            let pattern = (0..<random.next(below: 5))
                .map { _ in patternPieces[random.next(below: patternPieces.count)] }.joined()
            let name = (0..<random.next(below: 5)).map { _ in namePieces[random.next(below: namePieces.count)] }
                .joined()
            let shellPattern = ShellPattern(pattern)
            if fnmatch(pattern, name, 0) == 0 { matched += 1 }
            #expect(shellPattern.matches(name) == (fnmatch(pattern, name, 0) == 0), "\(pattern) \(name)")
            #expect(
                shellPattern.matches(fileName: Array(name.utf8)) == (fnmatch(pattern, name, FNM_PERIOD) == 0),
                "\(pattern) \(name) (file name)")
        }
        #expect(matched > 1000, "too few of the random cases match to tell anything")
    }

    /// In a name that is not UTF-8, each byte outside its UTF-8 sequences is a character matched by wildcards alone;
    /// the sequences are characters as in any name.
    @Test func aNameThatIsNotUTF8IsMatchedByteByByteOutsideItsUTF8Sequences() {
        let accentedThenFF = Array("é".utf8) + [0xff] + Array(".txt".utf8)
        #expect(ShellPattern("é*").matches(fileName: accentedThenFF))
        #expect(ShellPattern("[é]?.txt").matches(fileName: accentedThenFF))
        #expect(ShellPattern("???.txt").matches(fileName: [0xc3] + accentedThenFF))
        #expect(ShellPattern("a??b").matches(fileName: [0x61, 0xff, 0xfe, 0x62]))
        #expect(!ShellPattern("a?b").matches(fileName: [0x61, 0xff, 0xfe, 0x62]))
        #expect(ShellPattern("a[!x]*").matches(fileName: [0x61, 0xff]))
        #expect(!ShellPattern("*").matches(fileName: Array(".hidden".utf8)))
        #expect(ShellPattern(".*").matches(fileName: Array(".hidden".utf8)))
    }

    @Test func aPatternWithoutWildcardsStandsForAName() {
        #expect(ShellPattern("a\\*b[").literal == "a*b[")
        #expect(ShellPattern("a*").literal == nil)
        #expect(ShellPattern("a[b]").literal == nil)
    }
}

/// A small random number generator with a seed (SplitMix64), so that a test's random cases are the same each run.
private struct SplitMix {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((value ^ (value >> 31)) % UInt64(bound))
    }
}
