import PRXPlugins
import Testing

@Suite struct CommandTemplateTests {
    @Test func substitutesInsideWordsKeepingEachValueOneArgument() throws {
        let template = try CommandTemplate("bash @TASK@ --host=@ARG_1@ --port @ARG_2@ 'first: @ARG@'")
        let filled = template.substitute(
            PlaceholderValues(taskFile: "/t/run.sh", arguments: ["my host \"quoted\" 'x'", "; rm -rf /"]))
        #expect(
            filled.argv == [
                "bash", "/t/run.sh", "--host=my host \"quoted\" 'x'", "--port", "; rm -rf /",
                "first: my host \"quoted\" 'x'",
            ])
        #expect(filled.missing.isEmpty)
    }

    @Test func aValueIsNeverScannedForPlaceholders() throws {
        let template = try CommandTemplate("echo @ARG_1@ @ARG_2@", environmentNames: ["HOST"])
        let filled = template.substitute(PlaceholderValues(arguments: ["@ARG_2@", "$HOST"], environment: ["HOST": "h"]))
        #expect(filled.argv == ["echo", "@ARG_2@", "$HOST"])
    }

    @Test func reportsPlaceholdersWithoutAValueOnceEach() throws {
        let template = try CommandTemplate("run @TASK@ @ARG_3@ @ARG_1@ x@ARG_3@")
        let filled = template.substitute(PlaceholderValues(arguments: ["a", "b"]))
        #expect(filled.missing == [.taskFile, .argument(3, bare: false)])
        #expect(filled.argv == ["run", "@TASK@", "@ARG_3@", "a", "x@ARG_3@"])
    }

    @Test func expandsDollarNamesOfEnvironmentVariablesOnly() throws {
        let template = try CommandTemplate(
            "curl http://$HOST:${PORT}/$HOSTNAME/$OTHER/$PORTS", environmentNames: ["HOST", "PORT"])
        let filled = template.substitute(PlaceholderValues(environment: ["HOST": "h1", "PORT": "80"]))
        #expect(filled.argv == ["curl", "http://h1:80/$HOSTNAME/$OTHER/$PORTS"])
        #expect(template.placeholders == [.environment("HOST", braced: false), .environment("PORT", braced: true)])
    }

    @Test func withoutEnvironmentNamesADollarIsLiteral() throws {
        let template = try CommandTemplate("echo $HOST")
        #expect(template.substitute(PlaceholderValues()).argv == ["echo", "$HOST"])
    }

    @Test(arguments: ["@ARG", "@ARG_@", "@ARG_x@", "@TASK", "@@", "a@b.c"])
    func nearMissesStayLiteral(word: String) throws {
        let template = try CommandTemplate("echo \(word)")
        #expect(template.placeholders.isEmpty)
        #expect(template.substitute(PlaceholderValues(arguments: ["v"])).argv == ["echo", word])
    }

    @Test func badTemplatesNameTheFlag() {
        #expect(throws: CommandTemplate.ParseError.unsplittable(.unclosedQuote("'", offset: 5))) {
            try CommandTemplate("echo 'abc")
        }
        #expect(
            CommandTemplate.ParseError.unsplittable(.unclosedQuote("'", offset: 5)).description
                == "command template cannot be split: no closing quotation for ' at character 6 (-C)")
        #expect(throws: CommandTemplate.ParseError.empty) { try CommandTemplate("   ") }
        #expect(throws: CommandTemplate.ParseError.invalidArgumentIndex("@ARG_0@")) {
            try CommandTemplate("echo @ARG_0@")
        }
        #expect(CommandTemplate.ParseError.invalidArgumentIndex("@ARG_0@").description
            == "@ARG_0@ names no field; fields count from @ARG_1@ (-C)")
    }

    /// An index too large for a number names no field a line can have; the message said fields count from 1.
    @Test func anIndexTooLargeIsNamedSo() {
        let placeholder = "@ARG_99999999999999999999@"
        #expect(throws: CommandTemplate.ParseError.invalidArgumentIndex(placeholder)) {
            try CommandTemplate("echo \(placeholder)")
        }
        #expect(CommandTemplate.ParseError.invalidArgumentIndex(placeholder).description
            == "\(placeholder) names no field; its number is larger than any line's count of fields (-C)")
    }
}
