import PRXKernel
import PRXPlugins
import Testing

@Suite struct DryRunCommandLineTests {
    @Test func prefixesEnvironmentInDashEOrderAndQuotes() {
        let task = TaskSpec(
            id: 1, label: "x", argv: ["bash", "/abs/template.sh", "--x", "a b"],
            environment: ["PORT": "8080", "HOSTNAME": "server1", "ENV": "it's"],
            metadata: [TaskMetadataKey.environmentNames: "HOSTNAME,PORT,ENV"])
        #expect(
            DryRunCommandLine.render(task)
                == "HOSTNAME=server1 PORT=8080 ENV='it'\"'\"'s' bash /abs/template.sh --x 'a b'")
    }

    @Test func withoutTheOrderVariablesAreSortedAndWithoutVariablesThereIsNoPrefix() {
        let withEnvironment = TaskSpec(id: 1, label: "x", argv: ["env"], environment: ["B": "2", "A": "1"])
        #expect(DryRunCommandLine.render(withEnvironment) == "A=1 B=2 env")
        #expect(DryRunCommandLine.render(TaskSpec(id: 2, label: "y", argv: ["python3", "/t/a.py"]))
            == "python3 /t/a.py")
    }

    /// After the `NAME=value` prefixes, a program named like an assignment is quoted, so that it is not one more.
    @Test func aProgramNamedLikeAnAssignmentIsNotTakenForAPrefix() {
        let task = TaskSpec(id: 1, label: "a", argv: ["FOO=bar", "echo", "a"], environment: ["X": "a"])
        #expect(DryRunCommandLine.render(task) == "X=a 'FOO=bar' echo a")
    }

    /// A task that cannot run is a comment whose control characters are escapes, whatever holds them.
    @Test func anUnrunnableTaskIsACommentOfOneLine() {
        #expect(
            DryRunCommandLine.unrunnable("a\ntouch x\n\u{0}", reason: "task file /t/\\xff\r\n: why")
                == #"# a\ntouch x\n\x00: not runnable: task file /t/\xff\r\n: why"#)
    }
}
