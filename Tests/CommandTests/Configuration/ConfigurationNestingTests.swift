import Testing

@testable import PRXCommand

/// Lists and mappings nested past ``ConfigurationNesting/levelLimit`` levels, written out or brought in by aliases, are
/// an error naming file and line before the file is read as a tree; up to the limit they are read as before.
@Suite struct ConfigurationNestingTests {
    /// A way of nesting `levels` levels (the top-level mapping the first), and the line where the level past the limit
    /// starts.
    struct Shape: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var text: @Sendable (_ levels: Int) -> String
        var lineOfTheLevelPastTheLimit: @Sendable (_ levels: Int) -> Int
        /// Levels that ended prx with a segmentation fault: 5000; 3000 of block mappings, whose file of 5000, 12 MB
        /// of indentation, takes long to read.
        var manyLevels = 5000

        /// `limits: [[[…]]]`.
        static let flowLists = Shape(
            testDescription: "flow lists",
            text: { levels in
                "limits: " + String(repeating: "[", count: levels - 1) + String(repeating: "]", count: levels - 1)
                    + "\n"
            },
            lineOfTheLevelPastTheLimit: { _ in 1 })
        /// `limits: {a: {a: … 1}}`.
        static let flowMappings = Shape(
            testDescription: "flow mappings",
            text: { levels in
                "limits: " + String(repeating: "{a: ", count: levels - 1) + "1"
                    + String(repeating: "}", count: levels - 1) + "\n"
            },
            lineOfTheLevelPastTheLimit: { _ in 1 })
        /// A key a line, each indented one more than the one before: the mapping of level N starts on line N.
        static let blockMappings = Shape(
            testDescription: "block mappings",
            text: { levels in
                "limits:\n" + (1..<levels - 1).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined()
                    + String(repeating: " ", count: levels - 1) + "x: 1\n"
            },
            lineOfTheLevelPastTheLimit: { _ in ConfigurationNesting.levelLimit + 1 },
            manyLevels: 3000)
        /// Anchors in a list that no setting reads, each a mapping holding an alias of the one before, on line 1, the
        /// last one given to `limits:`, which is read: the last anchor is as deep as the chain is long.
        static let aliasChain = Shape(
            testDescription: "a chain of aliases",
            text: { levels in chain(levels) { "{k: *a\($0)}" } },
            lineOfTheLevelPastTheLimit: { _ in 1 })
        /// The same with merge keys, which ``ConfigurationDocument`` reads through.
        static let mergeChain = Shape(
            testDescription: "a chain of merge keys",
            text: { levels in chain(levels) { "{<<: *a\($0)}" } },
            lineOfTheLevelPastTheLimit: { _ in 1 })

        static let all = [flowLists, flowMappings, blockMappings, aliasChain, mergeChain]

        /// `defs: [&a0 {k: 1}, &a1 LINK(0), …]`, the last anchor's mapping of level `levels`, then `limits:` with
        /// that anchor.
        private static func chain(_ levels: Int, link: (Int) -> String) -> String {
            let last = levels - 3
            let anchors = ["&a0 {k: 1}"] + (0..<last).map { "&a\($0 + 1) \(link($0))" }
            return "defs: [\(anchors.joined(separator: ", "))]\nlimits: *a\(last)\n"
        }
    }

    /// What each holds is no setting of prx's, and so a warning.
    @Test(arguments: Shape.all)
    func nestingUpToTheLimitIsRead(shape: Shape) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(user: shape.text(ConfigurationNesting.levelLimit))
        #expect(loaded.rejections.contains { $0.hasPrefix("\(fixture.userPath):") })
    }

    @Test(arguments: Shape.all, [false, true])
    func nestingPastTheLimitIsAnErrorNamingFileAndLine(shape: Shape, many: Bool) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let levels = many ? shape.manyLevels : ConfigurationNesting.levelLimit + 1
        let error = #expect(throws: ConfigurationError.self) { try fixture.load(user: shape.text(levels)) }
        #expect(error?.path == fixture.userPath)
        #expect(error?.line == shape.lineOfTheLevelPastTheLimit(levels))
        #expect(error?.problem == "lists and mappings nested deeper than 32 levels (counting those an alias brings in)")
    }

    /// Yams finds a second document once it has read the first: a deep one is that error, not this one.
    @Test func aDeepSecondDocumentIsASecondDocument() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let error = #expect(throws: ConfigurationError.self) {
            try fixture.load(user: "limits:\n  max_workers: 2\n---\n" + Shape.flowLists.text(5000))
        }
        #expect(error?.line == 3)
        #expect(error?.problem == "a configuration file holds one YAML document; a second one starts here")
    }

    /// Text that stops being YAML before it nests too deep is the YAML reader's error, as before.
    @Test func malformedYAMLWithinTheLimitIsTheReadersError() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let error = #expect(throws: ConfigurationError.self) {
            try fixture.load(user: "limits: @5\n" + Shape.flowLists.text(5000))
        }
        #expect(error?.message == "\(fixture.userPath):1: "
            + "found character that cannot start any token while scanning for the next token")
    }
}
