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
        /// A list: no configuration key takes one, a plugin's list setting does (`glob.ext: [txt, log]`). Its items
        /// as text, `nil` for one that is not (`null`, a list, a mapping), which is not read further: a list of
        /// aliases of lists of aliases, each read whole, would grow ninefold with each level (PyYAML shares them).
        case list([String?])
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
    /// How many pairs were read, those an alias repeats counted each time: ``pairLimit`` at most.
    private var pairsRead = 0

    /// The most pairs a file may hold, counting each that an alias repeats: far more than any configuration has, far
    /// fewer than aliases of mappings of aliases can make of a few lines, which grow ninefold with each level.
    static let pairLimit = 100_000

    /// Reads and parses the file at `path`.
    ///
    /// - Throws: ``ConfigurationError`` when the file cannot be read or is not well-formed YAML.
    static func read(path: String) throws(ConfigurationError) -> ConfigurationDocument {
        try ConfigurationDocument(parsing: ConfigurationFileText.read(path: path), path: path)
    }

    /// Parses `text`, the contents of the file at `path`.
    ///
    /// An empty file is an empty document.
    ///
    /// - Throws: ``ConfigurationError`` naming file and line when `text` is not well-formed YAML, nests its lists and
    ///   mappings deeper than ``ConfigurationNesting/levelLimit``, or its top level is not a mapping.
    init(parsing text: String, path: String) throws(ConfigurationError) {
        try ConfigurationNesting.check(text, path: path)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, Self.resolver)
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
                path: path, line: root.mark?.line,
                problem: "the top level must be a mapping of sections (limits:, logging:, …)")
        }
        sections = try entries(of: mapping)
    }

    /// The pairs of `mapping` as PyYAML's `safe_load`, and so parallelr, takes them: what its merge keys bring in
    /// (see ``pairs(of:)``) first, then its own pairs, a later pair replacing an earlier one of the same key. Only a
    /// key the mapping itself gives twice is worth a warning: a key of its own replaces a merged one silently.
    private mutating func entries(of mapping: Node.Mapping) throws(ConfigurationError) -> [Entry] {
        let (pairs, mergedCount) = try self.pairs(of: mapping)
        var entries: [Entry] = []
        var firstLines: [String: Int] = [:]
        // Where each key's entry is in `entries`, for the last one to replace it.
        var positions: [String: Int] = [:]
        for (index, (key, value)) in pairs.enumerated() {
            let line = key.mark?.line ?? 0
            guard case .scalar(let keyScalar) = key else {
                unreadable.append("\(path):\(line): a key must be text; ignored")
                continue
            }
            if index >= mergedCount, let first = firstLines[keyScalar.string] {
                problems.append(
                    "\(path):\(line): '\(keyScalar.string)' is given again (first on line \(first)); the last one wins")
            } else if index >= mergedCount {
                firstLines[keyScalar.string] = line
            }
            // As PyYAML, and so parallelr, reads it: a section given again replaces the first one whole, and comes
            // where the last one is. Left out at the end: taking each out at once took a pass over the entries read
            // for every key, and 80000 unknown keys 40 seconds.
            positions[keyScalar.string] = entries.count
            entries.append(Entry(key: keyScalar.string, line: line, value: try self.value(of: value)))
        }
        return entries.enumerated().filter { positions[$0.element.key] == $0.offset }.map(\.element)
    }

    /// The pairs of `mapping` with its merge keys (`<<: *anchor`, `<<: [*a, *b]`, `<<: {…}`) replaced by the pairs
    /// they bring in, as PyYAML's `flatten_mapping`: the merged pairs come first, in the order of the merge keys, those
    /// of a list's later mapping before those of an earlier one, so that the earlier one wins; then the mapping's own
    /// pairs. `mergedCount` says how many pairs were merged in. A merged pair keeps its own node, and so the line it is
    /// written on, inside the anchored mapping.
    ///
    /// - Throws: ``ConfigurationError`` naming file and line for a merge key whose value is not a mapping or a list
    ///   of mappings, which PyYAML refuses.
    ///   Also when the pairs read pass ``pairLimit``, each that an alias or a merge key repeats counted again, naming
    ///   the line of the first key past it.
    private mutating func pairs(
        of mapping: Node.Mapping
    ) throws(ConfigurationError) -> (pairs: [(Node, Node)], mergedCount: Int) {
        guard pairsRead + mapping.count <= Self.pairLimit else {
            // The line of the first key past the limit: a file of too many keys may hold no alias, which was blamed.
            throw ConfigurationError(
                path: path, line: mapping.dropFirst(Self.pairLimit - pairsRead).first?.key.mark?.line,
                problem: "more than \(Self.pairLimit) keys (counting again each key an alias or a merge key repeats): "
                    + "far more than a configuration holds")
        }
        pairsRead += mapping.count
        var merged: [(Node, Node)] = []
        var own: [(Node, Node)] = []
        for (key, value) in mapping {
            guard Self.isMergeKey(key) else {
                own.append((key, value))
                continue
            }
            switch value {
            case .mapping(let source):
                merged += try pairs(of: source).pairs
            case .sequence(let sources):
                var lists: [[(Node, Node)]] = []
                for source in sources {
                    guard case .mapping(let source) = source else {
                        throw ConfigurationError(
                            path: path, line: source.mark?.line,
                            problem: "a merge key (<<) takes mappings, not \(Self.kind(of: source))")
                    }
                    lists.append(try pairs(of: source).pairs)
                }
                merged += lists.reversed().joined()
            case .scalar:
                throw ConfigurationError(
                    path: path, line: value.mark?.line,
                    problem: "a merge key (<<) takes a mapping or a list of mappings, not \(Self.kind(of: value))")
            }
        }
        return (merged + own, merged.count)
    }

    /// Whether `key` is YAML's merge key: an unquoted `<<` (a quoted `"<<"` is text).
    private static func isMergeKey(_ key: Node) -> Bool {
        guard case .scalar(let scalar) = key else { return false }
        return scalar.style == .plain && key.tag.description == Tag.Name.merge.rawValue
    }

    /// What a merge key was given instead of a mapping, for its message.
    private static func kind(of node: Node) -> String {
        switch node {
        case .scalar: isNull(node) ? "null" : "a scalar"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    private mutating func value(of node: Node) throws(ConfigurationError) -> Value {
        switch node {
        case .scalar(let scalar):
            .scalar(Self.isNull(node) ? .null : Self.number(of: node).map { .number($0, written: scalar.string) }
                ?? .text(scalar.string))
        case .mapping(let mapping):
            .mapping(try entries(of: mapping))
        case .sequence(let items):
            .list(items.map { item in Self.isNull(item) ? nil : item.scalar?.string })
        }
    }

    /// The number `node` is, as PyYAML reads it (``PyYAMLNumber``): a plain scalar that ``resolver`` tags as an
    /// integer or a float, or one tagged so in the file (`!!int "010"`); `nil` for text.
    private static func number(of node: Node) -> PyYAMLNumber? {
        guard let text = node.scalar?.string else { return nil }
        switch node.tag.description {
        case Tag.Name.int.rawValue: return PyYAMLNumber(integer: text)
        case Tag.Name.float.rawValue: return PyYAMLNumber(float: text)
        default: return nil
        }
    }

    /// Yams' resolver with PyYAML's rules for integers and floats, so that the file's plain scalars are numbers where
    /// parallelr's are (`010` is eight, `1_000` a thousand, `1e3` text) and not where YAML 1.2 says (`0o10`); its
    /// other rules (null, truth values, merge keys) are PyYAML's already.
    ///
    /// Made once, its patterns compiled once, for every file read. Yams 5.0 does not declare `Resolver` `Sendable`,
    /// which it is: a final class whose one stored property is a constant list of rules, each a constant tag and a
    /// constant `NSRegularExpression` (which is `Sendable`), as Yams' own `Resolver.default` is shared.
    private nonisolated(unsafe) static let resolver =
        // The patterns are constants, which every configuration file read uses.
        try! Resolver.default.replacing(.int, with: PyYAMLNumber.integerPattern)
            .replacing(.float, with: PyYAMLNumber.floatPattern)

    /// Whether `node` is YAML's null: an unquoted `null`, `~` or nothing (a quoted `"null"` is text).
    private static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && node.null != nil
    }

    /// The error for `error`, Yams' failure to read the file at `path` as one YAML document, in one line naming the
    /// line it is on.
    private static func failure(_ error: YamlError, path: String) -> ConfigurationError {
        switch error {
        case .composer(let context?, _, let mark, _) where context.text == secondDocumentContext:
            return ConfigurationError(
                path: path, line: mark.line,
                problem: "a configuration file holds one YAML document; a second one starts here")
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return ConfigurationError(
                path: path, line: mark.line, problem: described(problem, in: context, onLine: mark.line))
        case .reader(let problem, let offset, _, let yaml):
            let line = offset.map { offset in yaml.prefix(offset).filter(\.isNewline).count + 1 }
            return ConfigurationError(path: path, line: line, problem: problem)
        default:
            return ConfigurationError(path: path, line: nil, problem: "\(error)")
        }
    }

    /// What Yams says when a stream holds a second document (Yams' `Parser.singleRoot()`), as the error's context:
    /// its problem, `but found another document`, reads as the second half of a sentence.
    private static let secondDocumentContext = "expected a single document in the stream"

    /// `problem` on line `line` with its `context`, what the YAML reader was reading and from which line, where it
    /// gives one: `did not find expected key while parsing a block mapping that starts on line 1`. The problem alone
    /// said what was not found, not in what.
    private static func described(_ problem: String, in context: YamlError.Context?, onLine line: Int) -> String {
        guard let context, !context.text.isEmpty else { return problem }
        let start = context.mark.line == line ? "" : " that starts on line \(context.mark.line)"
        return "\(problem) \(context.text)\(start)"
    }
}
