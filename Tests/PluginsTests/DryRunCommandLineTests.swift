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
        #expect(DryRunCommandLine.render(TaskSpec(id: 2, label: "y", argv: ["python3", "/t/a.py"])) == "python3 /t/a.py")
    }

    /// After the `NAME=value` prefixes, a program named like an assignment is quoted, so that it is not one more.
    @Test func aProgramNamedLikeAnAssignmentIsNotTakenForAPrefix() {
        let task = TaskSpec(id: 1, label: "a", argv: ["FOO=bar", "echo", "a"], environment: ["X": "a"])
        #expect(DryRunCommandLine.render(task) == "X=a 'FOO=bar' echo a")
    }
}
