import Foundation
import PRXTesting
import Testing

/// A `--parser` result prx cannot take stops the run, the message naming what is wrong with it and, as a Lua error
/// there names its line, where the parser's function is defined: it named the arguments line only.
@Suite(.runsProcesses) struct ParserResultRefusalTests {
    /// A result that is no list of fields, or a field that is no string or number, names the parser file and the
    /// line its function's definition starts on (which `return` gave it is not known once the function returned).
    @Test(arguments: [
        ("{ true }", "field 1 from the parser must be a string or a number (got boolean)"),
        ("true", "the parser must return a list of fields, a string or nil (got boolean)"),
    ])
    func aResultItCannotTakeNamesTheParsersLine(result: String, reason: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\n")
        try bench.root.write("parse.lua", "local n = 0\n\nreturn function(line)\n  return \(result)\nend\n")
        let outcome = try await bench.prx(["-A", "args.txt", "--parser", "parse.lua", "-C", "echo @ARG@", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("prx: error: parse.lua:3: \(reason) (--parser, on args.txt:1)\n"),
            "\(outcome.stderr)")
    }

    /// A list of fields with a `nil` among them (`{ a, b, c }` with `b` nil, as `line:match` gives for a part that is
    /// not there) was refused as `the parser must return a list of fields, a string or nil (got table)`, which
    /// named no fault: a table is what it returned. The `nil` is named, as in a command's words.
    @Test func aNilAmongTheFieldsIsNamed() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a c\n")
        try bench.root.write("parse.lua", """
            return function(line) local a, c = line:match("(%S+) (%S+)"); return { a, nil, c } end
            """)
        let outcome = try await bench.prx(["-A", "args.txt", "--parser", "parse.lua", "-C", "echo @ARG_1@", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(
            "prx: error: parse.lua:1: the parser's result element 2 is nil, which ends the list before element 3 "
                + "(--parser, on args.txt:1)\n"), "\(outcome.stderr)")
    }

    /// A table with a named field (`{ host = a, port = b }`, or a key `[0]`, outside the list) was refused as `the
    /// parser must return a list of fields, a string or nil (got table)`, which named no fault either; the field is
    /// named, and the line is the run's `ERROR` with that message.
    @Test(arguments: [("{ host = line }", "'host'"), ("{ line, [0] = 'z' }", "[0]")])
    func aNamedFieldIsNamed(result: String, field: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\n")
        try bench.root.write("parse.lua", "return function(line) return \(result) end\n")
        let outcome = try await bench.prx(["-A", "args.txt", "--parser", "parse.lua", "-C", "touch @ARG@", "-r"])
        let message = "parse.lua:1: the parser's result has a field \(field), where a list of fields has none "
            + "(--parser, on args.txt:1)"
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("prx: error: \(message)\n"), "\(outcome.stderr)")
        let rows = try await bench.summaryRecords()
        #expect(rows.map { $0["status"] } == ["ERROR"])
        #expect(rows.first?["error_message"] == message)
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("a")))
    }
}
