/// Text from Lua code shown where prx promises one line (an error, a warning, a halt reason): line breaks become
/// spaces, and past ``limit`` characters the rest is counted, not shown, so that `error(string.rep("x", 2e6))`
/// does not print two megabytes.
enum OneLine {
    /// The most characters shown.
    static let limit = 1000

    /// `text` on one line of at most ``limit`` characters and a count of the rest.
    static func of(_ text: String) -> String {
        let flat = text.contains(where: \.isNewline)
            ? String(text.map { $0.isNewline ? " " : $0 }) : text
        guard flat.count > limit else { return flat }
        return "\(flat.prefix(limit))… (\(flat.count - limit) more characters)"
    }
}
