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
        ("n[[:alnum:]]", "n١", true), ("n[[:alnum:]]", "nⅧ", true),
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

    /// The classes of the numbers beyond ASCII are those of glibc's `C.UTF-8` locale, in which a shell matches
    /// bracket expressions: every decimal digit but `0`…`9` (`١`, `९`) is `alpha` and `alnum`, not `digit`; a letter
    /// number (`Ⅷ`) is `alpha`; another number (`½`, `²`) neither. `[[:alnum:]]` and `[[:alpha:]]` did not match
    /// `١`. Over the numbers of Unicode 13, which glibc's tables have.
    @Test(.enabled(if: CUTF8Classes() != nil, "glibc's C.UTF-8 locale is not available"))
    func numbersAreOfTheClassesOfTheCUTF8Locale() throws {
        let glibc = try #require(CUTF8Classes())
        var checked = 0
        for value in UInt32(0x30)...0x3_FFFF {
            guard let scalar = Unicode.Scalar(value), let age = scalar.properties.age, age.major <= 13 else { continue }
            switch scalar.properties.generalCategory {
            case .decimalNumber, .letterNumber, .otherNumber: break
            default: continue
            }
            checked += 1
            for name in ["alpha", "alnum", "digit"] {
                #expect(ShellPattern("[[:\(name):]]").matches(String(scalar)) == glibc.contains(value, in: name),
                    "U+\(String(value, radix: 16, uppercase: true)) \(name)")
            }
        }
        #expect(checked > 1000)
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

/// glibc's character classes in its `C.UTF-8` locale (`iswalpha_l` and its kin), which a shell's bracket expressions
/// use there. Swift's Glibc module leaves `<wctype.h>` out, so the functions are looked up by name.
private final class CUTF8Classes {
    private typealias ClassTest = @convention(c) (UInt32, locale_t) -> Int32
    private let locale: locale_t
    private let tests: [String: ClassTest]

    /// `nil` where the locale is not installed.
    init?() {
        var tests: [String: ClassTest] = [:]
        for name in ["alpha", "alnum", "digit"] {
            guard let symbol = dlsym(nil, "isw\(name)_l") else { return nil }
            tests[name] = unsafeBitCast(symbol, to: ClassTest.self)
        }
        guard let locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil) else { return nil }
        self.tests = tests
        self.locale = locale
    }

    deinit {
        freelocale(locale)
    }

    /// Whether the character `value` is of the class `name`, one of `alpha`, `alnum` and `digit`.
    func contains(_ value: UInt32, in name: String) -> Bool {
        tests[name].map { $0(value, locale) != 0 } ?? false
    }
}
