import JSONLinesSource
import PRXTesting
import Testing

/// A line that is not a task ends the source with an error naming the file and the line.
@Suite struct MalformedLineTests {
    @Test(arguments: [
        (#"{"argv": ["echo"}"#, "not valid JSON"),
        (#"["echo", "hi"]"#, "a task line must be a JSON object (got an array)"),
        (#""echo hi""#, "a task line must be a JSON object (got a string)"),
        (#"{"name": "x"}"#, "a task needs 'argv' (an array of strings) or 'sh' (a shell command)"),
        (#"{"argv": ["a"], "sh": "b"}"#, "a task has either 'argv' or 'sh', not both"),
        (#"{"argv": "echo hi"}"#, "'argv' must be a non-empty array of strings (got a string)"),
        (#"{"argv": []}"#, "'argv' must be a non-empty array of strings (got an array)"),
        (#"{"argv": ["echo", 3]}"#, "'argv[1]' must be a string (got a number)"),
        (#"{"sh": ["echo"]}"#, "'sh' must be a string (got an array)"),
        (#"{"sh": ""}"#, "'sh' must not be empty"),
        (#"{"sh": "a\u0000b"}"#, "'sh' contains a NUL character"),
        (#"{"sh": "x", "name": 7}"#, "'name' must be a string (got a number)"),
        (#"{"sh": "x", "env": ["A=1"]}"#, "'env' must be an object of strings (got an array)"),
        (#"{"sh": "x", "env": {"A": 1}}"#, "'env.A' must be a string (got a number)"),
        (#"{"sh": "x", "env": {"A=B": "1"}}"#, "'env' has 'A=B', which is not a variable name"),
        (#"{"sh": "x", "cwd": null}"#, "'cwd' must be a string (got null)"),
        (#"{"sh": "x", "timeout": "10"}"#, "'timeout' must be a number of seconds (got a string)"),
        (#"{"sh": "x", "timeout": true}"#, "'timeout' must be a number of seconds (got true or false)"),
        (#"{"sh": "x", "timeout": 0}"#, "'timeout' must be above 0 seconds (got 0.0)"),
        (#"{"sh": "x", "nmae": "y"}"#, "unknown key 'nmae' (valid: argv, cwd, env, name, sh, timeout)"),
    ])
    func theErrorNamesTheFileAndLine(_ line: String, _ reason: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("tasks.jsonl", "{\"argv\": [\"true\"]}\n\n\(line)\n{\"argv\": [\"true\"]}\n")
        var source = try JSONLinesSource(file: "tasks.jsonl", baseDirectory: directory.path)
        #expect(try source.next()?.id == 1)
        #expect {
            _ = try source.next()
        } throws: { error in
            "\(error)" == "tasks.jsonl:3: \(reason)"
        }
    }
}
