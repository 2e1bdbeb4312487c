import PRXKernel
import PRXPlugins
import Testing

@Suite struct TaskIdentityTests {
    /// A journal's key is the hash `--resume` matches tasks by, written as 16 hex digits and read back the same.
    @Test func aKeyIsItsHashInSixteenHexDigits() throws {
        let tasks = [
            TaskSpec(id: 1, label: "a", argv: ["echo", "a"]),
            TaskSpec(id: 2, label: "a", argv: ["echo", "a"], environment: ["HOST": "b"]),
            TaskSpec(id: 3, label: "", argv: []),
        ]
        for task in tasks {
            let key = TaskIdentity.key(for: task)
            #expect(key.count == 16)
            #expect(TaskIdentity.hash(ofKey: key) == TaskIdentity.hash(for: task))
        }
        #expect(TaskIdentity.hash(for: tasks[0]) != TaskIdentity.hash(for: tasks[1]))
        #expect(TaskIdentity.hash(ofKey: "not hex") == nil)
    }
}
