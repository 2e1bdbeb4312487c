/// One task's line of an arguments file (`-A`).
public struct ArgumentLine: Sendable, Hashable {
    /// The line's number in the file, counting from 1 and counting blank and comment lines.
    public var number: Int
    /// The line without its line end and surrounding whitespace.
    public var text: String
    /// The line's fields: split by the separator, or the whole line as one field when there is none. Never empty.
    public var fields: [String]

    /// Creates a line.
    public init(number: Int, text: String, fields: [String]) {
        self.number = number
        self.text = text
        self.fields = fields
    }
}
