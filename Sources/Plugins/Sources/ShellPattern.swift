/// A shell pattern, matched character by character: `*` matches any run of characters, `?` one character, `[…]`
/// one character of a set (`[abc]`, ranges `[a-z]` by code point, classes `[[:alpha:]]`, `[!…]` or `[^…]` for
/// the others), and `\` makes the next character plain. A character is a Unicode scalar, so `build:?` matches
/// `build:é` as a shell in a UTF-8 locale does; `fnmatch` in the C locale, which prx ran in, took `é` for two bytes.
///
/// Otherwise the rules are `fnmatch`'s: a `[` without its `]` is a plain `[`, a `]` first in a set is one of its
/// characters, as is a `-` first or last; a pattern ending in a lone `\`, naming an unknown class (`[[:nope:]]`) or a
/// collating element of more than one character (`[[.ab.]]`) matches nothing. Names are told apart by their
/// scalars, as by their bytes: `é` does not match `e` followed by U+0301.
struct ShellPattern {
    /// One step of the pattern.
    private enum Element {
        /// This character.
        case character(UInt32)
        /// `?`: any one character.
        case any
        /// `*`: any run of characters, none included.
        case star
        /// `[…]`: one character of the set, or, negated, not of it.
        case set(BracketSet)
    }

    /// The characters a bracket expression matches.
    private struct BracketSet {
        var negated = false
        var ranges: [ClosedRange<UInt32>] = []
        var classes: [CharacterClass] = []

        func contains(_ character: UInt32) -> Bool {
            let listed =
                ranges.contains { $0.contains(character) }
                || classes.contains { $0.contains(character) }
            return listed != negated
        }
    }

    private var elements: [Element] = []
    /// Whether the pattern matches nothing (a lone `\` at its end, an unknown class).
    private var matchesNothing = false
    /// The plain characters at the start of the pattern (its `\` removed), which begin every name it matches: all of
    /// it when it has no wildcard, `""` when it starts with one; `nil` when it matches nothing.
    private(set) var literalPrefix: String?
    /// Whether ``literalPrefix`` is the whole pattern: it has no wildcard.
    private var isLiteral = false

    /// Reads `text` as a pattern.
    init(_ text: String) {
        var reader = Reader(Array(text.unicodeScalars.lazy.map(\.value)))
        while let character = reader.next() {
            switch character {
            case Reader.star: elements.append(.star)
            case Reader.question: elements.append(.any)
            case Reader.backslash:
                guard let quoted = reader.next() else {
                    matchesNothing = true
                    return
                }
                elements.append(.character(quoted))
            case Reader.open:
                let start = reader.position
                switch reader.bracketExpression() {
                case .set(let set): elements.append(.set(set))
                case .unterminated:
                    reader.position = start
                    elements.append(.character(Reader.open))
                case .invalid:
                    matchesNothing = true
                    return
                }
            default: elements.append(.character(character))
            }
        }
        var scalars = String.UnicodeScalarView()
        for element in elements {
            guard case .character(let value) = element, let scalar = Unicode.Scalar(value) else { break }
            scalars.append(scalar)
        }
        literalPrefix = String(scalars)
        isLiteral = scalars.count == elements.count
    }

    /// The name the pattern stands for when it has no wildcard (its `\` removed), else `nil`.
    var literal: String? { isLiteral ? literalPrefix : nil }

    /// Whether `name` matches the pattern, as `fnmatch` without flags tells.
    func matches(_ name: String) -> Bool {
        matches(name.unicodeScalars.lazy.map(\.value), leadingPeriodLiterally: false)
    }

    /// Whether the file name whose bytes are `name` matches, as `glob` tells for one component of a path: a `.`
    /// that starts the name is matched only by a `.` in the pattern, not by a wildcard (`fnmatch` with
    /// `FNM_PERIOD`). In a name that is not UTF-8, each byte outside its UTF-8 sequences is one character, matched
    /// by wildcards alone, and the sequences are characters as in any name: `é*` matches `é` followed by byte FF, as
    /// `glob` matched it, for prx to report that file rather than leave it out.
    func matches(fileName name: some Collection<UInt8>) -> Bool {
        if let text = String(validating: name, as: UTF8.self) {
            return matches(text.unicodeScalars.lazy.map(\.value), leadingPeriodLiterally: true)
        }
        return matches(Self.characters(ofNameNotUTF8: Array(name)), leadingPeriodLiterally: true)
    }

    /// Where the characters standing for the bytes of a name that is not UTF-8 begin: past every Unicode scalar.
    private static let notUTF8: UInt32 = 0x11_0000

    /// The characters of the name whose bytes, not UTF-8, are `name`: the scalar of each UTF-8 sequence, and for
    /// each other byte a character past every scalar, which only a wildcard matches.
    private static func characters(ofNameNotUTF8 name: [UInt8]) -> [UInt32] {
        var characters: [UInt32] = []
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = name.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let sequence):
                characters.append(Unicode.UTF8.decode(sequence).value)
                offset += sequence.count
            case .error(let length):
                characters += name[offset..<(offset + length)].map { notUTF8 + UInt32($0) }
                offset += length
            case .emptyInput:
                return characters
            }
        }
    }

    /// Matches `name`'s characters against the elements, going back to the last `*` to let it take one more
    /// character when the rest fails: every other element takes exactly one, so that one `*` to go back to is
    /// enough, and the time is at most the product of the two lengths.
    private func matches<Characters: Collection<UInt32>>(_ name: Characters, leadingPeriodLiterally: Bool) -> Bool {
        guard !matchesNothing else { return false }
        if leadingPeriodLiterally, name.first == Reader.period {
            guard case .character(Reader.period)? = elements.first else { return false }
        }
        var element = 0
        var position = name.startIndex
        var lastStar: (element: Int, position: Characters.Index)?
        while position != name.endIndex {
            if element < elements.count {
                switch elements[element] {
                case .star:
                    lastStar = (element, position)
                    element += 1
                    continue
                case .any:
                    element += 1
                    position = name.index(after: position)
                    continue
                case .character(let character) where character == name[position]:
                    element += 1
                    position = name.index(after: position)
                    continue
                case .set(let set) where set.contains(name[position]):
                    element += 1
                    position = name.index(after: position)
                    continue
                case .character, .set:
                    break
                }
            }
            guard let star = lastStar else { return false }
            let next = name.index(after: star.position)
            lastStar = (star.element, next)
            element = star.element + 1
            position = next
        }
        return elements[element...].allSatisfy {
            if case .star = $0 { true } else { false }
        }
    }

    /// Reads a pattern's characters, one at a time, and the bracket expressions among them.
    private struct Reader {
        static let star = UInt32(UInt8(ascii: "*"))
        static let question = UInt32(UInt8(ascii: "?"))
        static let backslash = UInt32(UInt8(ascii: "\\"))
        static let open = UInt32(UInt8(ascii: "["))
        static let close = UInt32(UInt8(ascii: "]"))
        static let period = UInt32(UInt8(ascii: "."))
        static let colon = UInt32(UInt8(ascii: ":"))
        static let equals = UInt32(UInt8(ascii: "="))
        static let exclamation = UInt32(UInt8(ascii: "!"))
        static let caret = UInt32(UInt8(ascii: "^"))
        static let hyphen = UInt32(UInt8(ascii: "-"))

        let characters: [UInt32]
        var position = 0

        init(_ characters: [UInt32]) {
            self.characters = characters
        }

        mutating func next() -> UInt32? {
            guard position < characters.count else { return nil }
            defer { position += 1 }
            return characters[position]
        }

        func peek(_ offset: Int = 0) -> UInt32? {
            position + offset < characters.count ? characters[position + offset] : nil
        }

        /// What a `[` starts.
        enum Bracket {
            case set(BracketSet)
            /// No `]` closes it: the `[` is a plain character.
            case unterminated
            /// A class or collating element no character can be: the pattern matches nothing.
            case invalid
        }

        /// Reads a bracket expression, its `[` read already, up to and with its `]`.
        mutating func bracketExpression() -> Bracket {
            var set = BracketSet()
            if peek() == Self.exclamation || peek() == Self.caret {
                set.negated = true
                position += 1
            }
            var first = true
            while let character = next() {
                if character == Self.close && !first { return .set(set) }
                first = false
                let low: UInt32
                if character == Self.open, let kind = peek(),
                    kind == Self.colon || kind == Self.equals || kind == Self.period,
                    let (name, end) = delimited(by: kind)
                {
                    position = end
                    if kind == Self.colon {
                        let className = String(String.UnicodeScalarView(name.compactMap(Unicode.Scalar.init)))
                        guard let characterClass = CharacterClass(rawValue: className) else { return .invalid }
                        set.classes.append(characterClass)
                        continue
                    }
                    guard name.count == 1 else { return .invalid }
                    low = name[0]
                } else if character == Self.backslash {
                    guard let quoted = next() else { return .unterminated }
                    low = quoted
                } else {
                    low = character
                }
                guard peek() == Self.hyphen, let after = peek(1), after != Self.close else {
                    set.ranges.append(low...low)
                    continue
                }
                position += 1
                guard let high = rangeEnd() else { return .unterminated }
                if low <= high { set.ranges.append(low...high) }
            }
            return .unterminated
        }

        /// The end of a range, after its `-`: a character, `\` and a character, or `[.c.]`.
        private mutating func rangeEnd() -> UInt32? {
            guard let character = next() else { return nil }
            if character == Self.backslash { return next() }
            if character == Self.open, peek() == Self.period, let (name, end) = delimited(by: Self.period),
                name.count == 1
            {
                position = end
                return name[0]
            }
            return character
        }

        /// At a `[` followed by `kind` (`:`, `=` or `.`): the text up to `kind` and `]`, and the position after them;
        /// `nil` when they do not come.
        private func delimited(by kind: UInt32) -> ([UInt32], Int)? {
            var index = position + 1
            while index + 1 < characters.count {
                if characters[index] == kind && characters[index + 1] == Self.close {
                    return (Array(characters[(position + 1)..<index]), index + 2)
                }
                index += 1
            }
            return nil
        }
    }
}
