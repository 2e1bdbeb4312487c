/// One task's line of an arguments file (`-A`).
public struct ArgumentLine: Sendable, Hashable {
    /// The line's number in the file, counting from 1 and counting blank and comment lines.
    public var number: Int
    /// The line without its line end and surrounding whitespace.
    public var text: String
    /// The line's fields: split by the separator, or the whole line as one field when there is none. Empty for a
    /// line of separators alone (`, ,` with `comma`), whose fields are all empty and dropped.
    public var fields: [String]
    /// Whether the line's bytes were UTF-8. When not, ``text`` and ``fields`` have U+FFFD in place of the bytes
    /// that were not, and are not what the file says: the line is refused rather than run with them.
    public var isUTF8: Bool
    /// The line as prx shows it, its task's label: ``text``, or for a line that is not UTF-8, the line with each
    /// byte that is not part of UTF-8 written `\xNN` (`caf\xe9.txt`), as prx shows a file's name that is not UTF-8,
    /// where ``text`` has U+FFFD.
    public var shownText: String

    /// Creates a line, shown as `shownText` (``text`` when it is `nil`).
    public init(number: Int, text: String, fields: [String], isUTF8: Bool = true, shownText: String? = nil) {
        self.number = number
        self.text = text
        self.fields = fields
        self.isUTF8 = isUTF8
        self.shownText = shownText ?? text
    }

    /// Why a line that is not UTF-8 is refused, naming `file` and the line.
    public func notUTF8Message(file: String) -> String {
        "\(file):\(number): the line is not UTF-8, and prx gives tasks their arguments as UTF-8 text"
    }
}
