extension ShellWords {
    /// Joins a command's words as ``join(_:)`` does, for a line a person reads before a shell runs it (a dry run's),
    /// each word quoted by ``quoteShowing(_:)``.
    public static func joinShowing(_ words: [String]) -> String {
        guard let program = words.first else { return "" }
        var line = shown(program, quotedBy: quoteProgram)
        for word in words.dropFirst() {
            line += " "
            line += quoteShowing(word)
        }
        return line
    }

    /// Quotes one word as ``quote(_:)`` does, for a line a person reads before a shell runs it, so that the line
    /// cannot read otherwise than it runs: a character ``ControlCharacterEscaping`` writes as an escape (an escape
    /// sequence's ESC, a carriage return, a bidirectional control such as U+202E, which shows the rest of the line
    /// reversed) is written outside the quotes as `"$(printf '\342\200\256')"`, its UTF-8 bytes in octal, which a
    /// POSIX shell reads back as that character (dash has no `$'…'`). A line feed and a tab stay in the quotes,
    /// where they show as what they are (a command substitution would drop a line feed at its end), and so does NUL,
    /// which no argument holds.
    public static func quoteShowing(_ word: String) -> String {
        shown(word, quotedBy: quote)
    }

    /// `word` quoted by `quoteFirst` (the program's quoting, for a program's first run of characters), its characters
    /// to show (``quoteShowing(_:)``) each written between two quoted runs.
    private static func shown(_ word: String, quotedBy quoteFirst: (String) -> String) -> String {
        guard word.unicodeScalars.contains(where: mustBeShown) else { return quoteFirst(word) }
        var line = ""
        var run = String.UnicodeScalarView()
        func endRun() {
            if !run.isEmpty { line += line.isEmpty ? quoteFirst(String(run)) : quote(String(run)) }
            run.removeAll()
        }
        for scalar in word.unicodeScalars {
            guard mustBeShown(scalar) else {
                run.append(scalar)
                continue
            }
            endRun()
            let octal = String(scalar).utf8.map { byte in
                let digits = String(byte, radix: 8)
                return "\\" + String(repeating: "0", count: 3 - digits.count) + digits
            }
            line += "\"$(printf '\(octal.joined())')\""
        }
        endRun()
        return line
    }

    /// Whether ``quoteShowing(_:)`` writes `scalar` outside the quotes.
    private static func mustBeShown(_ scalar: Unicode.Scalar) -> Bool {
        ControlCharacterEscaping.escapes(scalar) && scalar != "\n" && scalar != "\t" && scalar != "\0"
    }
}
