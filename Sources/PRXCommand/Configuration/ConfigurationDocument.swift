import Foundation
import Yams

/// A configuration file read as a tree of keys with their line numbers, before any key is checked.
///
/// The only place that reads YAML: the loader sees keys, lines and ``ConfigurationScalar`` values, never Yams
/// nodes.
struct ConfigurationDocument: Sendable, Equatable {
    /// One `key: value` pair of a mapping.
    struct Entry: Sendable, Equatable {
        /// The key's text.
        var key: String
        /// The line of the key, counted from 1.
        var line: Int
        /// The value.
        var value: Value
    }

    /// A value as the file has it.
    indirect enum Value: Sendable, Equatable {
        /// Text or `null`.
        case scalar(ConfigurationScalar)
        /// A nested mapping.
        case mapping([Entry])
        /// A list, which no configuration key takes.
        case list
    }

    /// The file's path, for messages.
    var path: String
    /// The top-level pairs: the sections.
    var sections: [Entry]
    /// Pairs that could not be read (a key that is not text), one message each naming file and line: entries the
    /// file holds that prx cannot take, which fail `--validate-config`.
    var unreadable: [String]
    /// Pairs that were read but are worth a word (a key given again, where the last one wins), one message each
    /// naming file and line: warnings only, as PyYAML, and so parallelr, takes such a file.
    var problems: [String]

    /// Reads and parses the file at `path`.
    ///
    /// - Throws: ``ConfigurationError`` when the file cannot be read or is not well-formed YAML.
    static func read(path: String) throws(ConfigurationError) -> ConfigurationDocument {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(path: path, line: nil, problem: "cannot read the file: \(error.localizedDescription)")
        }
        return try ConfigurationDocument(parsing: text, path: path)
    }

    /// Parses `text`, the contents of the file at `path`.
    ///
    /// An empty file is an empty document.
    ///
    /// - Throws: ``ConfigurationError`` naming file and line when `text` is not well-formed YAML or its top level
    ///   is not a mapping.
    init(parsing text: String, path: String) throws(ConfigurationError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.failure(error, path: path)
        } catch {
            throw ConfigurationError(path: path, line: nil, problem: "\(error)")
        }
        self.path = path
        unreadable = []
        problems = []
        sections = []
        guard let root, !Self.isNull(root) else { return }
        guard case .mapping(let mapping) = root else {
            throw ConfigurationError(
                path: path, line: root.mark?.line, problem: "the top level must be a mapping of sections (limits:, logging:, …)")
        }
        sections = entries(of: mapping)
    }

    private mutating func entries(of mapping: Node.Mapping) -> [Entry] {
        var entries: [Entry] = []
        var firstLines: [String: Int] = [:]
        for (key, value) in mapping {
            let line = key.mark?.line ?? 0
            guard case .scalar(let keyScalar) = key else {
                unreadable.append("\(path):\(line): a key must be text; ignored")
                continue
            }
            if let first = firstLines[keyScalar.string] {
                problems.append(
                    "\(path):\(line): '\(keyScalar.string)' is given again (first on line \(first)); the last one wins")
                // As PyYAML, and so parallelr, reads it: a section given again replaces the first one whole.
                entries.removeAll { $0.key == keyScalar.string }
            } else {
                firstLines[keyScalar.string] = line
            }
            entries.append(Entry(key: keyScalar.string, line: line, value: self.value(of: value)))
        }
        return entries
    }

    private mutating func value(of node: Node) -> Value {
        switch node {
        case .scalar(let scalar):
            Self.isNull(node) ? .scalar(.null) : .scalar(.text(scalar.string))
        case .mapping(let mapping):
            .mapping(entries(of: mapping))
        case .sequence:
            .list
        }
    }

    /// Whether `node` is YAML's null: an unquoted `null`, `~` or nothing (a quoted `"null"` is text).
    private static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && node.null != nil
    }

    private static func failure(_ error: YamlError, path: String) -> ConfigurationError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ConfigurationError(path: path, line: mark.line, problem: problem)
        case .reader(let problem, let offset, _, let yaml):
            let line = offset.map { offset in yaml.prefix(offset).filter(\.isNewline).count + 1 }
            return ConfigurationError(path: path, line: line, problem: problem)
        default:
            return ConfigurationError(path: path, line: nil, problem: "\(error)")
        }
    }
}
