import CYaml

/// How deep a configuration file's lists and mappings nest, checked from the YAML reader's events, one at a time,
/// before anything reads the file as a tree.
///
/// Why: Yams composes a document's tree by recursion, a call per level, and ``ConfigurationDocument`` reads the tree
/// so, as Swift frees it: a file of 5000 nested `[` (or mappings, in either style) overran the stack and prx died of
/// a segmentation fault, with no word, and under `ulimit -s 128` 500 levels did. An alias brings in its anchor's
/// whole tree, and a merge key's mapping is read through as well: a chain of anchors, each holding an alias of the
/// one before (`&a2 {k: *a1}`, `&a2 {<<: *a1}`), nests a level per anchor, on one line each, so their levels count.
/// Yams' own events are private to it; the reader underneath, its libyaml (`CYaml`), is the one Yams reads with. CYaml
/// is a target of the Yams package, not one of its products: SwiftPM lets a package depending on Yams import it, and
/// a Yams release that renamed it would break this file's build (Package.swift says so beside the dependency).
enum ConfigurationNesting {
    /// The most levels of lists and mappings a file may nest, its top-level mapping the first: parallelr's
    /// configurations nest three or four (`plugins:` → `NAME:` → `ext: [txt, log]`). Reading a level takes up to
    /// 3 KiB of stack in a debug build, this many under 100 KiB, on the thread of Swift's pool that reads the
    /// configuration, whose stack is 512 KiB at the least whatever `ulimit -s` says (`CSYSTEM_OWN_THREAD_STACK_SIZE`).
    static let levelLimit = 32

    /// Checks that the lists and mappings of `text`, the first YAML document in the file at `path`, nest no deeper
    /// than ``levelLimit``, counting the levels of each anchor's tree where an alias brings it in.
    ///
    /// Text that is not well-formed YAML passes as far as it is well-formed: reading it as a tree then fails there,
    /// within the limit, with the reader's own message.
    ///
    /// - Throws: ``ConfigurationError`` naming file and line where the nesting first goes past the limit.
    static func check(_ text: String, path: String) throws(ConfigurationError) {
        var text = text
        let line = text.withUTF8 { bytes in deepLine(in: bytes) }
        guard let line else { return }
        throw ConfigurationError(
            path: path, line: line,
            problem: "lists and mappings nested deeper than \(levelLimit) levels (counting those an alias brings in)")
    }

    /// The line, counted from 1, of the first list, mapping or alias of `yaml`'s first document that goes past
    /// ``levelLimit``; `nil` when none does, or the text stops being well-formed YAML before one does.
    private static func deepLine(in yaml: UnsafeBufferPointer<UInt8>) -> Int? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, yaml.baseAddress, yaml.count)
        // The lists and mappings open around the reader, each with its anchor and the most levels found in it so far;
        // the levels of each anchor's tree, once it is closed (a scalar's none), as Yams records it.
        var open: [(anchor: String?, levelsWithin: Int)] = []
        var anchorLevels: [String: Int] = [:]
        func close(_ levels: Int) {
            guard !open.isEmpty else { return }
            open[open.count - 1].levelsWithin = max(open[open.count - 1].levelsWithin, levels)
        }
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            switch event.type {
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let anchor = event.type == YAML_SEQUENCE_START_EVENT
                    ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                open.append((anchor.map { String(cString: $0) }, 0))
                if open.count > levelLimit { return line }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let closed = open.removeLast()
                if let anchor = closed.anchor { anchorLevels[anchor] = closed.levelsWithin + 1 }
                close(closed.levelsWithin + 1)
            case YAML_SCALAR_EVENT:
                if let anchor = event.data.scalar.anchor { anchorLevels[String(cString: anchor)] = 0 }
            case YAML_ALIAS_EVENT:
                let levels = event.data.alias.anchor.flatMap { anchorLevels[String(cString: $0)] } ?? 0
                if open.count + levels > levelLimit { return line }
                close(levels)
            case YAML_DOCUMENT_END_EVENT, YAML_STREAM_END_EVENT:
                // A second document is an error of its own, which Yams finds once it has read the first.
                return nil
            default:
                continue
            }
        }
    }
}
