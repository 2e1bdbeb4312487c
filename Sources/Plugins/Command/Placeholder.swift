/// A value a command template (`-C`) names and each task fills in.
public enum Placeholder: Sendable, Hashable, CustomStringConvertible {
    /// `@TASK@`: the absolute path of the task file, or of the template file with `-A`.
    case taskFile
    /// `@ARG@` (`bare`, field 1) or `@ARG_N@`: field N of the arguments line, counting from 1.
    case argument(Int, bare: Bool)
    /// `$NAME` or `${NAME}` (`braced`) for a name given with `-E`: the field paired with that name.
    ///
    /// parallelr runs no shell, so it expands these itself; prx does the same, and only for `-E` names: any other
    /// `$WORD` stays as written.
    case environment(String, braced: Bool)

    /// The placeholder as written in the template.
    public var description: String {
        switch self {
        case .taskFile: "@TASK@"
        case .argument(_, bare: true): "@ARG@"
        case .argument(let index, bare: false): "@ARG_\(index)@"
        case .environment(let name, braced: true): "${\(name)}"
        case .environment(let name, braced: false): "$\(name)"
        }
    }
}

/// What one task puts in place of a command template's placeholders.
public struct PlaceholderValues: Sendable, Hashable {
    /// The value of `@TASK@`, or `nil` when the task has no file (arguments-only mode).
    public var taskFile: String?
    /// The fields of the arguments line: `@ARG_1@` is the first. Empty in file mode.
    public var arguments: [String]
    /// The `-E` variables of the line, by name.
    public var environment: [String: String]

    /// Creates values.
    public init(taskFile: String? = nil, arguments: [String] = [], environment: [String: String] = [:]) {
        self.taskFile = taskFile
        self.arguments = arguments
        self.environment = environment
    }

    /// The value of `placeholder`, or `nil` when this task has none.
    public func value(of placeholder: Placeholder) -> String? {
        switch placeholder {
        case .taskFile: taskFile
        case .argument(let index, _): arguments.indices.contains(index - 1) ? arguments[index - 1] : nil
        case .environment(let name, _): environment[name]
        }
    }
}
