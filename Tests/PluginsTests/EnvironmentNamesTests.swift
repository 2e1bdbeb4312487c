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

    @Test(arguments: ["A,,B", "A,", ",A", " "])
    func rejectsEmptyEntries(list: String) {
        #expect(throws: EnvironmentNames.NameError.emptyEntry(list: list)) { try EnvironmentNames(parsing: list) }
    }
}
