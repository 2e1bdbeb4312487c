import Foundation
import Testing

@testable import PRXCommand

@Suite struct ConfigurationDocumentTests {
    @Test(arguments: [
        ("limits:\n  max_workers: 5\n  timeout_seconds: 6\nlogging:\n  level: INFO\n  bad: value: here\n", 6,
         "mapping values are not allowed in this context"),
        ("limits:\n  max_workers: [1, 2\n", 3, "did not find expected ',' or ']'"),
        ("limits:\n  max_workers: \"20\n", 3, "found unexpected end of stream"),
        ("limits:\n  max_workers: 5\n bad_indent: 1\n", 3, "did not find expected key"),
        ("- limits\n- logging\n", 1, "the top level must be a mapping of sections (limits:, logging:, …)"),
    ])
    func malformedYAMLIsAnErrorNamingFileAndLine(text: String, line: Int, problem: String) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let error = #expect(throws: ConfigurationError.self) { try fixture.load(script: "", user: text) }
        #expect(error?.path == fixture.userPath)
        #expect(error?.line == line)
        #expect(error?.problem == problem)
        #expect(error?.message == "\(fixture.userPath):\(line): \(problem)")
        #expect(error.map { !$0.message.contains("\n") } == true)
    }

    @Test func unreadableFileIsAnErrorNamingTheFile() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let missing = fixture.root.file("gone.yaml")
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(
                files: ConfigurationFiles(script: ConfigurationFile(path: missing, preferredName: "prx.yaml", isFallback: false)),
                plugins: [])
        }
        #expect(error?.path == missing)
        #expect(error?.line == nil)
        #expect(error?.message.hasPrefix("\(missing): cannot read the file") == true)
    }

    @Test func aKeyGivenTwiceIsAWarningAndTheLastOneWins() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: "limits:\n  max_workers: 4\n  timeout_seconds: 30\n  max_workers: 6\n")
        #expect(loaded.effective.limits.maxWorkers == 6)
        #expect(loaded.warnings.contains("\(fixture.userPath):4: 'max_workers' is given again (first on line 2); the last one wins"))
    }

    /// A section given again replaces the first whole, as PyYAML (and so parallelr) reads the file; prx merged the
    /// two, though its warning said the last one wins.
    @Test func aSectionGivenTwiceReplacesTheFirst() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: "limits:\n  max_workers: 3\nlimits:\n  timeout_seconds: 5\n")
        #expect(loaded.effective.limits.maxWorkers == PRXConfiguration().limits.maxWorkers)
        #expect(loaded.effective.limits.timeoutSeconds == 5)
        #expect(loaded.warnings == ["\(fixture.userPath):3: 'limits' is given again (first on line 1); the last one wins"])
    }

    @Test func keysKeepTheirLines() throws {
        let document = try ConfigurationDocument(
            parsing: "# comment\n\nlimits:\n  max_workers: 5\n\n  wait_time: ~\nplugins:\n  log:\n    level: \"null\"\n",
            path: "f.yaml")
        #expect(document.sections == [
            .init(key: "limits", line: 3, value: .mapping([
                .init(key: "max_workers", line: 4, value: .scalar(.text("5"))),
                .init(key: "wait_time", line: 6, value: .scalar(.null)),
            ])),
            .init(key: "plugins", line: 7, value: .mapping([
                .init(key: "log", line: 8, value: .mapping([.init(key: "level", line: 9, value: .scalar(.text("null")))])),
            ])),
        ])
        #expect(document.problems.isEmpty)
    }
}
