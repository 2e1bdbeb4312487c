/// Text from Lua code shown where prx promises one line (an error, a warning, a halt reason): line breaks are written
/// as escapes, and past ``limit`` characters the rest is counted, not shown, so that `error(string.rep("x", 2e6))`
/// does not print two megabytes.
enum OneLine {
    /// The most characters shown.
    static let limit = 1000

    /// `text` on one line of at most ``limit`` characters and a count of the rest.
    static func of(_ text: String) -> String {
        let flat = text.contains(where: \.isNewline) ? escapingLineBreaks(text) : text
        guard flat.count > limit else { return flat }
        return "\(flat.prefix(limit))… (\(flat.count - limit) more characters)"
    }

    /// `text` with each line break written as prx's error and warning lines write it (``ControlCharacterEscaping``:
    /// `\n`, `\r`, `\x0b`, `\u{85}`), and the line and paragraph separators, which are no control characters, as
    /// `\u{2028}` and `\u{2029}`. A space in its place named another file: `cannot open x y` for the path `x\ny`.
    private static func escapingLineBreaks(_ text: String) -> String {
        var result = ""
        for character in text {
            guard character.isNewline else {
                result.append(character)
                continue
            }
            for scalar in character.unicodeScalars {
                let escaped = ControlCharacterEscaping.escaped(String(scalar))
                result += escaped == String(scalar) ? "\\u{" + String(scalar.value, radix: 16) + "}" : escaped
            }
        }
        return result
    }
}
