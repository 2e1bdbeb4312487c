import Foundation
import PRXTesting

/// A metrics file as Prometheus's own Python client parses it (`prometheus_client.parser`), so that tests check
/// the file against a real reader of the text format rather than against a parser of their own.
public struct PrometheusTextfile: Sendable {
    /// One metric family: its name (a counter's without `_total`), type, help and samples.
    public struct Family: Sendable, Decodable {
        /// The family's name.
        public var name: String
        /// `counter`, `gauge`, `histogram`, …
        public var type: String
        /// The `# HELP` text.
        public var documentation: String
        /// The family's samples, in file order.
        public var samples: [Sample]
    }

    /// One sample line.
    public struct Sample: Sendable, Decodable {
        /// The sample's name, e.g. `prx_task_duration_seconds_bucket`.
        public var name: String
        /// Its labels.
        public var labels: [String: String]
        /// Its value.
        public var value: Double
    }

    /// Why a file could not be parsed.
    public struct ParseError: Error, CustomStringConvertible {
        /// What the parser said.
        public var description: String
    }

    /// The absolute path of `python3` on `PATH`, or `nil` when there is none.
    public static let python: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Every family in the file.
    public let families: [Family]

    /// Parses the file at `path` with `prometheus_client`.
    ///
    /// - Throws: ``ParseError`` with the parser's complaint, or saying that `prometheus_client` is not installed
    ///   (`scripts/test` installs it).
    public init(path: String) async throws {
        guard let python = Self.python else { throw ParseError(description: "python3 is not installed") }
        let script = """
            import json, sys
            try:
                from prometheus_client.parser import text_string_to_metric_families
            except ImportError:
                sys.exit("prometheus_client is not installed: pip install prometheus_client (scripts/test does)")
            families = text_string_to_metric_families(open(sys.argv[1]).read())
            with open(sys.argv[2], "w") as out:
                json.dump([{"name": f.name, "type": f.type, "documentation": f.documentation,
                "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]}
                    for f in families], out)
            """
        // The families go to a file, the parser's complaints to standard error. PRXProcess awaits the parser without
        // holding a thread of Swift's pool; the parser has no use for the PRX_HOME it is given.
        let jsonPath = path + ".parsed.json"
        defer { try? FileManager.default.removeItem(atPath: jsonPath) }
        let parsed = try await PRXProcess.run(["-c", script, path, jsonPath], executable: python, home: "/nonexistent")
        guard parsed.status == 0 else {
            throw ParseError(description: parsed.stderr)
        }
        families = try JSONDecoder().decode([Family].self, from: Data(contentsOf: URL(fileURLWithPath: jsonPath)))
    }

    /// The family called `name`, if present.
    public func family(_ name: String) -> Family? {
        families.first { $0.name == name }
    }

    /// The value of the sample called `name` with exactly `labels`, if present.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        families.lazy.flatMap(\.samples).first { $0.name == name && $0.labels == labels }?.value
    }
}
