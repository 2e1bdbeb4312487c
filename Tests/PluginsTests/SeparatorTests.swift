import PRXPlugins
import Testing

@Suite struct SeparatorTests {
    @Test(arguments: [
        (Separator.space, "a  b\tc   d", ["a", "b\tc", "d"]),
        (.whitespace, "a  b\t\tc \t d", ["a", "b", "c", "d"]),
        (.tab, "a b\t\tc\td", ["a b", "c", "d"]),
        (.comma, "server1, 8080 ,prod", ["server1", "8080", "prod"]),
        (.semicolon, "a;b ; c", ["a", "b", "c"]),
        (.pipe, "a|b|c d", ["a", "b", "c d"]),
        (.colon, "root:x:0", ["root", "x", "0"]),
        (.comma, "a,,b,", ["a", "b"]),
        (.comma, "only", ["only"]),
    ])
    func splitsIntoTrimmedNonEmptyFields(separator: Separator, line: String, fields: [String]) {
        #expect(separator.split(line) == fields)
    }

    @Test func namesAreParallelrs() throws {
        #expect(Separator.allCases.map(\.rawValue)
            == ["space", "whitespace", "tab", "comma", "semicolon", "pipe", "colon"])
        #expect(try Separator(name: "pipe") == .pipe)
    }

    @Test func anUnknownNameListsTheValidOnes() {
        let error = #expect(throws: Separator.UnknownName.self) { try Separator(name: "Comma") }
        #expect(
            error?.description
                == "unknown separator 'Comma' (-S); use one of: space, whitespace, tab, comma, semicolon, pipe, colon")
    }
}
