/// One task's line of an arguments file (`-A`).
public struct ArgumentLine: Sendable, Hashable {
    /// The line's number in the file, counting from 1 and counting blank and comment lines.
    public var number: Int
    /// The line without its line end and surrounding whitespace.
    public var text: String
    /// The line's fields: split by the separator, or the whole line as one field when there is none. Never empty.
    public var fields: [String]
    /// Whether the line's bytes were UTF-8. When not, ``text`` and ``fields`` have U+FFFD in place of the bytes
    /// that were not, and are not what the file says: the line is refused rather than run with them.
    public var isUTF8: Bool

    /// Creates a line.
    public init(number: Int, text: String, fields: [String], isUTF8: Bool = true) {
        self.number = number
        self.text = text
        self.fields = fields
        self.isUTF8 = isUTF8
    }

    /// Why a line that is not UTF-8 is refused, naming `file` and the line.
    public func notUTF8Message(file: String) -> String {
        "\(file):\(number): the line is not UTF-8, and prx gives tasks their arguments as UTF-8 text"
    }
}
