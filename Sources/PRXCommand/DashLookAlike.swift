/// The characters that look like `-` but are not it, which a command line pasted from a document or typed through
/// autocorrection holds in its place: `—run` (an em dash for `--`), `–m 4` (an en dash), `−r` (a minus sign). To the
/// shell and to argparse such a word is no option but an operand, and prx refused it as a stray word, offering what
/// it looked like to a command's name (`—run`: `did you mean prx run?`) or a template split into words.
enum DashLookAlike {
    /// The look-alikes: hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign, the
    /// two- and three-em dashes, small em dash, small and fullwidth hyphen-minus.
    static let characters: Set<Character> = [
        "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}", "\u{2E3A}", "\u{2E3B}",
        "\u{FE58}", "\u{FE63}", "\u{FF0D}",
    ]

    /// `word` written with ASCII dashes, when it starts with a look-alike: the dashes it starts with, look-alikes and
    /// `-` alike, made `-` before a single letter (`–r`: `-r`) and `--` before a longer name (`—run`, `–-max=4`:
    /// `--run`, `--max=4`), as one dash stands for two when pasted; `nil` for a word that starts with none, or is
    /// dashes alone.
    static func asciiSpelling(of word: String) -> String? {
        guard let first = word.first, characters.contains(first) else { return nil }
        let body = word.drop { $0 == "-" || characters.contains($0) }
        guard !body.isEmpty else { return nil }
        let name = body.prefix { $0 != "=" }
        return (name.count == 1 ? "-" : "--") + body
    }

    /// How a refusal says which look-alike `word` starts with: `'—', U+2014, not '-'`; `nil` for a word that starts
    /// with `-` or anything else.
    static func named(in word: String) -> String? {
        guard let first = word.first, characters.contains(first), let scalar = first.unicodeScalars.first else {
            return nil
        }
        let code = String(scalar.value, radix: 16, uppercase: true)
        return "'\(first)', U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code), not '-'"
    }
}
