import PRXKernel
import PRXPlugins
import Testing

@Suite struct FeedbackJSONTests {
    @Test(arguments: [
        ([:], "{}"),
        (["progress": "90"], #"{"progress":"90"}"#),
        (["step": "copy", "progress": "90", "b": ""], #"{"b":"","progress":"90","step":"copy"}"#),
        (["say": "a \"quoted\"\\ line\n\tend"], #"{"say":"a \"quoted\"\\ line\n\tend"}"#),
        (["é": "ü"], #"{"é":"ü"}"#),
    ] as [([String: String], String)])
    func rendersSortedOneLineJSON(values: [String: String], expected: String) {
        #expect(FeedbackJSON.render(values) == expected)
        #expect(FeedbackJSON.parse(expected) == values)
    }

    @Test(arguments: ["", "[]", #"{"a":1}"#, "not json"])
    func parsesOnlyAnObjectOfStrings(text: String) {
        #expect(FeedbackJSON.parse(text) == nil)
    }

    @Test func aResultCarriesItsFeedbackInItsTasksMetadata() {
        var result = TaskResult(task: TaskSpec(id: 1, label: "t", argv: ["true"]), status: .success)
        #expect(result.feedback == nil)
        result.task.metadata[TaskResult.feedbackMetadataKey] = #"{"progress":"90"}"#
        #expect(result.feedback == ["progress": "90"])
    }
}
