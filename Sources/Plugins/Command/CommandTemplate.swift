/// The command template of `-C`, split once into words and filled in per task.
///
/// The template is split like a POSIX shell line (``ShellWords/split(_:)``), but no shell ever runs it:
/// placeholders are replaced inside each word, so a value with spaces, quotes or `; rm -rf /` stays one literal
/// argument. Each word is parsed once into literal and placeholder pieces, so filling in a task only joins strings.
public struct CommandTemplate: Sendable, Hashable {
    /// Why a template cannot be used.
    public enum ParseError: FlagNamingError, Hashable {
        /// The line does not split into words (an unclosed quote, a final backslash).
        case unsplittable(ShellWords.SplitError)
        /// The line has no words.
        case empty
        /// `@ARG_0@`, or an index too large to be a number: fields count from `@ARG_1@`.
        case invalidArgumentIndex(String)

        /// The message, naming what gave the template: `-C` in flags mode, the source's setting (`glob.command`)
        /// in a recipe, a `--set` or the configuration's `plugins:`.
        public func described(naming origin: (_ flag: String) -> String) -> String {
            let command = origin("-C")
            return switch self {
            case .unsplittable(let error): "command template cannot be split: \(error) (\(command))"
            case .empty: "command template is empty (\(command))"
            case .invalidArgumentIndex(let text) where text.contains(where: { ("1"..."9").contains($0) }):
                "\(text) names no field; its number is larger than any line's count of fields (\(command))"
            case .invalidArgumentIndex(let text): "\(text) names no field; fields count from @ARG_1@ (\(command))"
            }
        }
    }

    /// A task's command: the template's words with every placeholder that has a value filled in.
    public struct Substitution: Sendable, Hashable {
        /// The program and its arguments. A placeholder without a value stays as written.
        public var argv: [String]
        /// The placeholders this task has no value for, each once, in template order. Non-empty means the task
        /// cannot run.
        public var missing: [Placeholder]
        /// The command line to record for a task with ``missing`` placeholders, which cannot run: its words quoted as
        /// ``ShellWords/join(_:)`` quotes them, each placeholder without a value left as written and unquoted (`echo c
        /// $Y`, `echo 'x '@ARG_3@`), so that it reads as the template filled in as far as it could be, not as a command
        /// giving the placeholder's text for a value (`echo c '$Y'`), which prx neither ran nor would run. `nil` when
        /// nothing is missing: the line is then ``argv``'s.
        public var unfilledCommandLine: String?
    }

    private enum Piece: Sendable, Hashable {
        case literal(String)
        case placeholder(Placeholder)
    }

    private enum Word: Sendable, Hashable {
        case literal(String)
        case pieces([Piece])
    }

    /// The template as given.
    public let text: String
    /// Every placeholder in the template, each once, in order of appearance.
    public let placeholders: [Placeholder]
    private let words: [Word]

    /// Parses `text`.
    ///
    /// - Parameters:
    ///   - text: the `-C` value.
    ///   - environmentNames: the `-E` names; `$NAME` and `${NAME}` become placeholders for these names only.
    public init(_ text: String, environmentNames: [String] = []) throws(ParseError) {
        let split: [String]
        do {
            split = try ShellWords.split(text)
        } catch {
            throw .unsplittable(error)
        }
        guard !split.isEmpty else { throw .empty }
        let names = Set(environmentNames)
        var words: [Word] = []
        var placeholders: [Placeholder] = []
        for word in split {
            let pieces = try Self.pieces(of: word, environmentNames: names)
            if case .literal(let literal) = pieces.first, pieces.count == 1 {
                words.append(.literal(literal))
            } else if pieces.isEmpty {
                words.append(.literal(""))
            } else {
                words.append(.pieces(pieces))
            }
            for case .placeholder(let placeholder) in pieces where !placeholders.contains(placeholder) {
                placeholders.append(placeholder)
            }
        }
        self.text = text
        self.words = words
        self.placeholders = placeholders
    }

    /// Fills in the template for one task.
    public func substitute(_ values: PlaceholderValues) -> Substitution {
        var argv: [String] = []
        argv.reserveCapacity(words.count)
        var missing: [Placeholder] = []
        for word in words {
            switch word {
            case .literal(let literal):
                argv.append(literal)
            case .pieces(let pieces):
                var filled = ""
                for piece in pieces {
                    switch piece {
                    case .literal(let literal):
                        filled += literal
                    case .placeholder(let placeholder):
                        if let value = values.value(of: placeholder) {
                            filled += value
                        } else {
                            filled += placeholder.description
                            if !missing.contains(placeholder) { missing.append(placeholder) }
                        }
                    }
                }
                argv.append(filled)
            }
        }
        return Substitution(
            argv: argv, missing: missing,
            unfilledCommandLine: missing.isEmpty ? nil : commandLine(leavingUnfilled: values))
    }

    /// The words filled in with `values`, quoted for a shell (the program as ``ShellWords/quoteProgram(_:)`` quotes
    /// it), but for each placeholder without a value, written as the template writes it, outside the quotes; a `$NAME`
    /// that text going on with a name's character follows is written `${NAME}`, which would otherwise read as a
    /// longer name (`$Y` then `c`: `${Y}c`, not `$Yc`).
    private func commandLine(leavingUnfilled values: PlaceholderValues) -> String {
        var line: [String] = []
        for word in words {
            let quote = line.isEmpty ? ShellWords.quoteProgram : ShellWords.quote
            switch word {
            case .literal(let literal):
                line.append(quote(literal))
            case .pieces(let pieces):
                var shown = ""
                var text = ""
                var lastUnfilled: Placeholder?
                func showText() {
                    let quoted = quote(text)
                    let continuesName = quoted.unicodeScalars.first.map {
                        $0 == "_" || ("0"..."9").contains($0) || ("a"..."z").contains($0) || ("A"..."Z").contains($0)
                    }
                    if case .environment(let name, braced: false) = lastUnfilled, continuesName == true {
                        shown.removeLast(name.count + 1)
                        shown += Placeholder.environment(name, braced: true).description
                    }
                    shown += quoted
                    text = ""
                    lastUnfilled = nil
                }
                for piece in pieces {
                    switch piece {
                    case .literal(let literal):
                        text += literal
                    case .placeholder(let placeholder):
                        if let value = values.value(of: placeholder) {
                            text += value
                        } else {
                            if !text.isEmpty { showText() }
                            shown += placeholder.description
                            lastUnfilled = placeholder
                        }
                    }
                }
                if !text.isEmpty || shown.isEmpty { showText() }
                line.append(shown)
            }
        }
        return line.joined(separator: " ")
    }

    private static func pieces(of word: String, environmentNames: Set<String>) throws(ParseError) -> [Piece] {
        let scalars = Array(word.unicodeScalars)
        var pieces: [Piece] = []
        var literal = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if let (placeholder, end) = try placeholder(in: scalars, at: index, environmentNames: environmentNames) {
                if !literal.isEmpty {
                    pieces.append(.literal(String(literal)))
                    literal = String.UnicodeScalarView()
                }
                pieces.append(.placeholder(placeholder))
                index = end
            } else {
                literal.append(scalars[index])
                index += 1
            }
        }
        if !literal.isEmpty { pieces.append(.literal(String(literal))) }
        return pieces
    }

    /// The placeholder starting at `start`, and the index just past it, or `nil` when none starts there.
    private static func placeholder(
        in scalars: [Unicode.Scalar], at start: Int, environmentNames: Set<String>
    ) throws(ParseError) -> (Placeholder, Int)? {
        func hasPrefix(_ prefix: String) -> Bool {
            let prefix = Array(prefix.unicodeScalars)
            return scalars[start...].starts(with: prefix)
        }
        switch scalars[start] {
        case "@":
            if hasPrefix("@TASK@") { return (.taskFile, start + 6) }
            if hasPrefix("@ARG@") { return (.argument(1, bare: true), start + 5) }
            guard hasPrefix("@ARG_") else { return nil }
            let digitsStart = start + 5
            let digitsEnd = scalars[digitsStart...].firstIndex { !("0"..."9").contains($0) } ?? scalars.count
            guard digitsEnd > digitsStart, digitsEnd < scalars.count, scalars[digitsEnd] == "@" else { return nil }
            let digits = String(String.UnicodeScalarView(scalars[digitsStart..<digitsEnd]))
            guard let index = Int(digits), index > 0 else {
                throw .invalidArgumentIndex("@ARG_\(digits)@")
            }
            return (.argument(index, bare: false), digitsEnd + 1)
        case "$" where !environmentNames.isEmpty:
            let braced = start + 1 < scalars.count && scalars[start + 1] == "{"
            let nameStart = braced ? start + 2 : start + 1
            let nameEnd = scalars[nameStart...].firstIndex { !isNameCharacter($0) } ?? scalars.count
            guard nameEnd > nameStart, !("0"..."9").contains(scalars[nameStart]) else { return nil }
            let name = String(String.UnicodeScalarView(scalars[nameStart..<nameEnd]))
            guard environmentNames.contains(name) else { return nil }
            if braced {
                guard nameEnd < scalars.count, scalars[nameEnd] == "}" else { return nil }
                return (.environment(name, braced: true), nameEnd + 1)
            }
            return (.environment(name, braced: false), nameEnd)
        default:
            return nil
        }
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }
}
