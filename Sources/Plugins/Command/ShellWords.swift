/// Splits a command line into words the way a POSIX shell does (Python's `shlex.split`), and joins words
/// back into a line a shell would split the same way (`shlex.quote`).
///
/// No expansion happens: `$HOME`, `*` and `;` are plain characters. That is what lets prx run a command
/// template without a shell, so that a substituted value can never become a second command.
public enum ShellWords {
    /// Why a line cannot be split.
    public enum SplitError: Error, Hashable, CustomStringConvertible {
        /// A quote opened at this offset, in code points, was never closed.
        case unclosedQuote(Character, offset: Int)
        /// The line ends in a backslash with nothing to escape.
        case danglingBackslash

        public var description: String {
            switch self {
            case .unclosedQuote(let quote, let offset): "no closing quotation for \(quote) at character \(offset + 1)"
            case .danglingBackslash: "no character after the final backslash"
            }
        }
    }

    /// Splits `line` into words: whitespace separates words; single quotes keep everything literally; double
    /// quotes keep everything but `\"` and `\\`; a backslash outside quotes keeps the next character.
    ///
    /// A character is a code point, as shlex reads the line, not a Swift Character: a space or a quote followed by
    /// a combining mark is one Character, which is neither.
    public static func split(_ line: String) throws(SplitError) -> [String] {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        var inWord = false
        var characters = line.unicodeScalars.makeIterator()
        var offset = -1
        func nextCharacter() -> Unicode.Scalar? {
            offset += 1
            return characters.next()
        }
        while let character = nextCharacter() {
            switch character {
            case " ", "\t", "\n", "\r":
                if inWord {
                    words.append(String(word))
                    word = String.UnicodeScalarView()
                    inWord = false
                }
            case "'":
                inWord = true
                let start = offset
                while true {
                    guard let quoted = nextCharacter() else { throw .unclosedQuote("'", offset: start) }
                    if quoted == "'" { break }
                    word.append(quoted)
                }
            case "\"":
                inWord = true
                let start = offset
                while true {
                    guard let quoted = nextCharacter() else { throw .unclosedQuote("\"", offset: start) }
                    if quoted == "\"" { break }
                    if quoted == "\\" {
                        guard let escaped = nextCharacter() else { throw .unclosedQuote("\"", offset: start) }
                        if escaped != "\"" && escaped != "\\" { word.append("\\") }
                        word.append(escaped)
                    } else {
                        word.append(quoted)
                    }
                }
            case "\\":
                inWord = true
                guard let escaped = nextCharacter() else { throw .danglingBackslash }
                word.append(escaped)
            default:
                inWord = true
                word.append(character)
            }
        }
        if inWord { words.append(String(word)) }
        return words
    }

    /// Quotes one word so that a POSIX shell reads it back unchanged. Its quotes are found by code point, as a shell
    /// reads them: a `'` followed by a combining mark is one `Character` of Swift's, and still a quote.
    public static func quote(_ word: String) -> String {
        if word.isEmpty { return "''" }
        if !word.containsUTF8Byte(where: isUnsafe) { return word }
        var quoted = String.UnicodeScalarView()
        quoted.append("'")
        for scalar in word.unicodeScalars {
            if scalar == "'" {
                quoted.append(contentsOf: "'\"'\"'".unicodeScalars)
            } else {
                quoted.append(scalar)
            }
        }
        quoted.append("'")
        return String(quoted)
    }

    /// Joins a command's words (its program first) into one command line that a shell runs as prx runs them,
    /// quoting each as needed and the program also where a shell would take it for something else
    /// (``quoteProgram(_:)``).
    public static func join(_ words: [String]) -> String {
        guard let program = words.first else { return "" }
        var line = quoteProgram(program)
        for word in words.dropFirst() {
            line += " "
            line += quote(word)
        }
        return line
    }

    /// Quotes a command's first word, the program prx runs, so that a shell runs that program too: as any word,
    /// and also when it is plain but a shell would read it as something else in that place: an assignment
    /// (`x=1 echo` runs `echo`) or a reserved word (`if echo a` is the start of an `if`). prx runs no shell, so
    /// `x=1` and `if` are the names of the programs it runs, and the line says so: `'x=1' echo`, `'if' echo a`.
    public static func quoteProgram(_ word: String) -> String {
        // A program's path is longer than any reserved word: no hash of it per task.
        let readAsSomethingElse = word.containsUTF8Byte { $0 == UInt8(ascii: "=") }
            || (word.utf8.count <= longestReservedWord && reservedWords.contains(word))
        return readAsSomethingElse && !word.containsUTF8Byte(where: isUnsafe) ? "'" + word + "'" : quote(word)
    }

    /// The reserved words of a POSIX shell and bash that are plain words to ``quote(_:)``; the others (`!`, `{`,
    /// `}`, `[[`, `]]`) hold characters it quotes anyway.
    private static let reservedWords: Set<String> = [
        "case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in", "then", "until", "while",
        "function", "select", "time", "coproc",
    ]
    /// The length in bytes of the longest of ``reservedWords`` (`function`).
    private static let longestReservedWord = reservedWords.map(\.utf8.count).max() ?? 0

    /// Whether `byte` makes a word need quotes: all but letters, digits and `@%+=:,./_-` do. The sinks quote every
    /// task's words for its command line, so the set is a `switch`, not a search of a string.
    private static func isUnsafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "@"), UInt8(ascii: "%"), UInt8(ascii: "+"),
            UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "/"),
            UInt8(ascii: "_"), UInt8(ascii: "-"):
            false
        default:
            true
        }
    }
}
