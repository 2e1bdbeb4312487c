import Foundation
import Testing

@testable import PRXCommand

@Suite struct ConfigurationDocumentTests {
    @Test(arguments: [
        ("limits:\n  max_workers: 5\n  timeout_seconds: 6\nlogging:\n  level: INFO\n  bad: value: here\n", 6,
         "mapping values are not allowed in this context"),
        // What the YAML reader was reading, and from which line, where that is another line.
        ("limits:\n  max_workers: [1, 2\n", 3,
         "did not find expected ',' or ']' while parsing a flow sequence that starts on line 2"),
        ("limits:\n  max_workers: \"20\n", 3,
         "found unexpected end of stream while scanning a quoted scalar that starts on line 2"),
        ("limits:\n  max_workers: 5\n bad_indent: 1\n", 3,
         "did not find expected key while parsing a block mapping that starts on line 1"),
        ("limits:\n  max_workers: @5\n", 2,
         "found character that cannot start any token while scanning for the next token"),
        // Yams' message was the second half of a sentence: `but found another document`.
        ("limits:\n  max_workers: 5\n---\nlogging:\n  level: INFO\n", 3,
         "a configuration file holds one YAML document; a second one starts here"),
        ("limits:\n  max_workers: 5\n---\n", 3,
         "a configuration file holds one YAML document; a second one starts here"),
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
                files: ConfigurationFiles(
                    script: ConfigurationFile(path: missing, preferredName: "prx.yaml", isFallback: false)),
                plugins: [])
        }
        #expect(error?.path == missing)
        #expect(error?.line == nil)
        #expect(error?.message.hasPrefix("\(missing): cannot read the file") == true)
    }

    /// Eight levels of nine aliases each, of lists or of mappings: a 400-byte file that read whole is 9^8 values,
    /// which took gigabytes and ended prx (`failed to allocate`). A list's items are read one level deep, as no
    /// setting takes more; mappings are read up to ``ConfigurationDocument/pairLimit`` pairs, then refused.
    @Test(arguments: [("[", "]"), ("{", "}")])
    func aliasesNestedDeepAreNotReadWhole(open: String, close: String) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        var text = "a0: &a0 \(open)\(open == "[" ? "x" : "k: x")\(close)\n"
        for level in 1...8 {
            let items = (1...9).map { index in
                open == "[" ? "*a\(level - 1)" : "k\(index): *a\(level - 1)"
            }
            text += "a\(level): &a\(level) \(open)\(items.joined(separator: ", "))\(close)\n"
        }
        if open == "[" {
            let loaded = try fixture.load(user: text)
            #expect(loaded.warnings.count == 9)
        } else {
            let error = #expect(throws: ConfigurationError.self) { try fixture.load(user: text) }
            #expect(error?.problem == ConfigurationDocumentTests.tooManyKeys)
        }
    }

    /// What a file of more keys than ``ConfigurationDocument/pairLimit`` is refused with.
    static let tooManyKeys =
        "more than 100000 keys (counting again each key an alias or a merge key repeats): far more than a "
        + "configuration holds"

    /// A file of more keys than ``ConfigurationDocument/pairLimit`` and no alias is refused for its keys, naming the
    /// line of the first key past the limit: it was refused as "aliases nested too deep", at the first key's line.
    @Test func tooManyKeysWithoutAliasesAreRefusedForTheirNumber() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let keys = (0...ConfigurationDocument.pairLimit).map { "  k\($0): 1\n" }.joined()
        let error = #expect(throws: ConfigurationError.self) { try fixture.load(user: "limits:\n" + keys) }
        #expect(error?.path == fixture.userPath)
        #expect(error?.line == ConfigurationDocument.pairLimit + 1)
        #expect(error?.problem == Self.tooManyKeys)
        let fewer = keys.split(separator: "\n").dropFirst(2).joined(separator: "\n")
        let loaded = try fixture.load(user: "limits:\n" + fewer)
        #expect(loaded.warnings.count == ConfigurationDocument.pairLimit - 1)
    }

    /// Merge keys repeat the pairs they bring in before a mapping is read: eight levels of nine merges each, their
    /// anchors hidden in a list no setting reads, made 9^8 pairs before the count of pairs read was looked at.
    @Test func mergeKeysNestedDeepAreRefused() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        var anchors = ["&a0 {k: 1}"]
        for level in 1...8 {
            let merges = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            anchors.append("&a\(level) {<<: [\(merges)]}")
        }
        let text = "x: [\(anchors.joined(separator: ", "))]\ny: *a8\n"
        let error = #expect(throws: ConfigurationError.self) { try fixture.load(user: text) }
        #expect(error?.problem == ConfigurationDocumentTests.tooManyKeys)
    }

    @Test func aKeyGivenTwiceIsAWarningAndTheLastOneWins() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: "limits:\n  max_workers: 4\n  timeout_seconds: 30\n  max_workers: 6\n")
        #expect(loaded.effective.limits.maxWorkers == 6)
        #expect(loaded.warnings.contains(
            "\(fixture.userPath):4: 'max_workers' is given again (first on line 2); the last one wins"))
    }

    /// A section given again replaces the first whole, as PyYAML (and so parallelr) reads the file; prx merged the
    /// two, though its warning said the last one wins.
    @Test func aSectionGivenTwiceReplacesTheFirst() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: "limits:\n  max_workers: 3\nlimits:\n  timeout_seconds: 5\n")
        #expect(loaded.effective.limits.maxWorkers == PRXConfiguration().limits.maxWorkers)
        #expect(loaded.effective.limits.timeoutSeconds == 5)
        #expect(loaded.warnings == [
            "\(fixture.userPath):3: 'limits' is given again (first on line 1); the last one wins"
        ])
    }

    @Test func keysKeepTheirLines() throws {
        let document = try ConfigurationDocument(
            parsing: "# comment\n\nlimits:\n  max_workers: 5\n\n  wait_time: ~\n"
                + "plugins:\n  log:\n    level: \"null\"\n",
            path: "f.yaml")
        #expect(document.sections == [
            .init(key: "limits", line: 3, value: .mapping([
                .init(key: "max_workers", line: 4, value: .scalar(.number(.integer(5), written: "5"))),
                .init(key: "wait_time", line: 6, value: .scalar(.null)),
            ])),
            .init(key: "plugins", line: 7, value: .mapping([
                .init(key: "log", line: 8, value: .mapping([
                    .init(key: "level", line: 9, value: .scalar(.text("null"))),
                ])),
            ])),
        ])
        #expect(document.problems.isEmpty)
    }

    /// YAML merge keys as PyYAML's `safe_load`, and so parallelr, reads them: `<<: *a` brings in a's pairs, a
    /// list's earlier mapping wins over a later one, a later merge key over an earlier one, a key of the mapping's
    /// own over every merged one wherever it stands (no "given again" warning), and merges nest. prx ignored `<<` as an
    /// unknown key (`limits.<<`).
    @Test(arguments: [
        ("common: &c\n  max_workers: 3\nlimits:\n  <<: *c\n", 3, 600),
        ("a: &a {max_workers: 3}\nb: &b {max_workers: 4, timeout_seconds: 5}\nlimits:\n  <<: [*a, *b]\n", 3, 5),
        ("a: &a {max_workers: 3}\nb: &b {max_workers: 4}\nlimits:\n  <<: *a\n  <<: *b\n", 4, 600),
        ("a: &a {max_workers: 3, timeout_seconds: 5}\nlimits:\n  max_workers: 6\n  <<: *a\n", 6, 5),
        ("a: &a {max_workers: 3, <<: {timeout_seconds: 7}}\nlimits: {<<: *a}\n", 3, 7),
        ("limits:\n  <<: {max_workers: 9}\n", 9, 600),
        ("a: &a {limits: {max_workers: 2}}\n<<: *a\n", 2, 600),
    ])
    func mergeKeysBringInTheAnchoredPairs(text: String, workers: Int, timeout: Int) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: text)
        #expect(loaded.effective.limits.maxWorkers == workers)
        #expect(loaded.effective.limits.timeoutSeconds == timeout)
        #expect(loaded.warnings.allSatisfy { $0.contains("unknown section") }, "\(loaded.warnings)")
    }

    /// A quoted `"<<"` is text, not a merge key, as PyYAML reads it: here an unknown key.
    @Test func aQuotedMergeKeyIsAKey() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: "limits:\n  \"<<\": {max_workers: 9}\n")
        #expect(loaded.effective.limits.maxWorkers == PRXConfiguration().limits.maxWorkers)
        #expect(loaded.warnings == ["\(fixture.userPath):2: unknown key limits.<<; ignored"])
    }

    /// A merged pair keeps the line it is written on, inside the anchored mapping, so that a message about its key
    /// or value names the line to change.
    @Test func aMergedPairKeepsTheLineItIsWrittenOn() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(
            user: "common: &c\n  max_workers: lots\n  bogus: 1\nlimits:\n  <<: *c\n  timeout_seconds: 5\n")
        let path = fixture.userPath
        #expect(loaded.warnings.contains { $0.hasPrefix("\(path):2: limits.max_workers ") }, "\(loaded.warnings)")
        #expect(loaded.warnings.contains("\(path):3: unknown key limits.bogus; ignored"), "\(loaded.warnings)")
        #expect(loaded.warnings.contains { $0.hasPrefix("\(path):1: unknown section 'common'") })
        #expect(loaded.effective.limits.timeoutSeconds == 5)
    }

    /// A merge key given something other than a mapping or a list of mappings is malformed, as PyYAML refuses it
    /// ("expected a mapping or list of mappings for merging"): an error naming file and the value's line.
    @Test(arguments: [
        ("limits:\n  <<: 5\n", 2, "a merge key (<<) takes a mapping or a list of mappings, not a scalar"),
        ("limits:\n  <<:\n", 2, "a merge key (<<) takes a mapping or a list of mappings, not null"),
        ("a: &a {max_workers: 3}\nlimits:\n  <<:\n    - *a\n    - [1]\n", 5,
         "a merge key (<<) takes mappings, not a list"),
    ])
    func aMergeKeyOfNoMappingIsAnError(text: String, line: Int, problem: String) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let error = #expect(throws: ConfigurationError.self) { try fixture.load(user: text) }
        #expect(error?.message == "\(fixture.userPath):\(line): \(problem)")
    }
}
