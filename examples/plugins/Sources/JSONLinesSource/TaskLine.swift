/// The fields of one task line, checked: exactly one of `argv` and `sh`, optional `name`, `env`, `cwd` and
/// `timeout`, each of its own type, and no other key.
struct TaskLine: Hashable {
    /// Why a line is not a task; the source adds the file and line number.
    struct Invalid: Error, Hashable {
        /// What is wrong, naming the key.
        var reason: String
    }

    /// The keys a task line may have.
    static let keys = ["argv", "cwd", "env", "name", "sh", "timeout"]

    /// The program and its arguments; for `sh`, `/bin/sh -c` and the script.
    var argv: [String]
    /// The `name`, when given.
    var name: String?
    /// The `env` variables.
    var environment: [String: String]
    /// The `cwd`, when given, as written.
    var workingDirectory: String?
    /// The `timeout` in seconds, when given.
    var timeout: Double?

    /// Checks a decoded line.
    ///
    /// - Throws: ``Invalid`` naming the first key that is unknown, missing or of the wrong type.
    init(_ value: JSONValue) throws(Invalid) {
        guard case .object(let fields) = value else {
            throw Invalid(reason: "a task line must be a JSON object (got \(value.kindDescription))")
        }
        if let unknown = fields.keys.sorted().first(where: { !Self.keys.contains($0) }) {
            throw Invalid(reason: "unknown key '\(unknown)' (valid: \(Self.keys.joined(separator: ", ")))")
        }
        switch (fields["argv"], fields["sh"]) {
        case (nil, nil):
            throw Invalid(reason: "a task needs 'argv' (an array of strings) or 'sh' (a shell command)")
        case (.some, .some):
            throw Invalid(reason: "a task has either 'argv' or 'sh', not both")
        case (.some(let argv), nil):
            guard case .array(let elements) = argv, !elements.isEmpty else {
                throw Invalid(reason: "'argv' must be a non-empty array of strings (got \(argv.kindDescription))")
            }
            var arguments: [String] = []
            for (index, element) in elements.enumerated() {
                arguments.append(try Self.string(element, key: "argv[\(index)]"))
            }
            self.argv = arguments
        case (nil, .some(let script)):
            self.argv = ["/bin/sh", "-c", try Self.string(script, key: "sh")]
        }
        name = try fields["name"].map { value throws(Invalid) in try Self.string(value, key: "name") }
        workingDirectory = try fields["cwd"].map { value throws(Invalid) in try Self.string(value, key: "cwd") }
        environment = try fields["env"].map { value throws(Invalid) in try Self.environment(value) } ?? [:]
        timeout = try fields["timeout"].map { value throws(Invalid) in try Self.timeout(value) }
    }

    /// `value` as a non-empty string without NUL characters (which a process's arguments cannot hold).
    private static func string(_ value: JSONValue, key: String) throws(Invalid) -> String {
        guard case .string(let text) = value else {
            throw Invalid(reason: "'\(key)' must be a string (got \(value.kindDescription))")
        }
        guard !text.isEmpty || key.hasPrefix("argv[") || key.hasPrefix("env.") else {
            throw Invalid(reason: "'\(key)' must not be empty")
        }
        guard !text.utf8.contains(0) else { throw Invalid(reason: "'\(key)' contains a NUL character") }
        return text
    }

    /// `value` as an object of variable names to strings.
    private static func environment(_ value: JSONValue) throws(Invalid) -> [String: String] {
        guard case .object(let variables) = value else {
            throw Invalid(reason: "'env' must be an object of strings (got \(value.kindDescription))")
        }
        var environment: [String: String] = [:]
        for (name, value) in variables.sorted(by: { $0.key < $1.key }) {
            guard !name.isEmpty, !name.contains("="), !name.utf8.contains(0) else {
                throw Invalid(reason: "'env' has '\(name)', which is not a variable name")
            }
            environment[name] = try string(value, key: "env.\(name)")
        }
        return environment
    }

    /// `value` as a time limit: a finite number of seconds above 0.
    private static func timeout(_ value: JSONValue) throws(Invalid) -> Double {
        guard case .number(let seconds) = value else {
            throw Invalid(reason: "'timeout' must be a number of seconds (got \(value.kindDescription))")
        }
        guard seconds > 0, seconds.isFinite else {
            throw Invalid(reason: "'timeout' must be above 0 seconds (got \(seconds))")
        }
        return seconds
    }
}
