import PRXPlugins
import Testing

@Suite struct EnvironmentNamesTests {
    @Test func parsesACommaSeparatedListTrimmingSpaces() throws {
        #expect(try EnvironmentNames(parsing: "HOSTNAME").names == ["HOSTNAME"])
        #expect(try EnvironmentNames(parsing: "HOST, PORT ,_ENV2").names == ["HOST", "PORT", "_ENV2"])
    }

    @Test(arguments: ["2HOST", "HOST-NAME", "HÖST", "A B", "$X"])
    func rejectsInvalidNames(name: String) {
        #expect(throws: EnvironmentNames.NameError.invalid(name)) { try EnvironmentNames(parsing: name) }
    }

    /// A name given twice is refused, where the first of its fields was silently dropped (`-E A,A`: `A=b A=b`).
    @Test(arguments: ["A,A", "A, B ,A", "HOST,PORT,PORT"])
    func rejectsANameGivenTwice(list: String) {
        #expect(throws: EnvironmentNames.NameError.self) { try EnvironmentNames(parsing: list) }
        let name = list.contains("PORT") ? "PORT" : "A"
        #expect(throws: EnvironmentNames.NameError.duplicate(name)) { try EnvironmentNames(parsing: list) }
    }

    /// A variable prx gives its tasks itself is refused, where each line's field replaced prx's value.
    @Test(arguments: ["PRX_ORPHAN_GUARD", "PRX_TASK_TOKEN", "PRX_FEEDBACK_FILE"])
    func rejectsTheNamesPRXGivesItsTasks(name: String) {
        #expect(throws: EnvironmentNames.NameError.reserved(name)) { try EnvironmentNames(parsing: "HOST,\(name)") }
    }

    /// The list is split at each `,` code point, as Python's `str.split(',')` splits it: a `,` followed by a
    /// combining mark is one Swift Character, and the refusal named the whole list, not the name after the comma.
    @Test func theListIsSplitAtEveryCommaCodePoint() {
        #expect(throws: EnvironmentNames.NameError.invalid("\u{0301}PORT")) {
            try EnvironmentNames(parsing: "HOST,\u{0301}PORT")
        }
    }

    @Test(arguments: ["A,,B", "A,", ",A", " "])
    func rejectsEmptyEntries(list: String) {
        #expect(throws: EnvironmentNames.NameError.emptyEntry(list: list)) { try EnvironmentNames(parsing: list) }
    }
}
