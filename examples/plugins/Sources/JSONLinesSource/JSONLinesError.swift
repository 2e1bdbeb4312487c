/// A JSON Lines task file that cannot be read, or a line of it that is not a task.
///
/// Its description is one line a person can act on, naming the file as it was given and the line:
/// `tasks.jsonl:7: unknown key 'nmae' (valid: argv, cwd, env, name, sh, timeout)`.
public struct JSONLinesError: Error, Hashable, CustomStringConvertible {
    /// The file, as it was given.
    public var file: String
    /// The line's number, counting from 1 and counting blank lines; `nil` when the file itself failed.
    public var line: Int?
    /// What is wrong.
    public var reason: String

    /// Creates an error.
    public init(file: String, line: Int?, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String {
        if let line { return "\(file):\(line): \(reason)" }
        return "\(file): \(reason)"
    }
}
