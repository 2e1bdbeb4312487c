import PRXKernel

/// A task's identity across runs: the same task from the same source, with the same command after
/// substitution and the same environment, has the same key in every run. `--resume` matches tasks by it.
public enum TaskIdentity {
    /// The key of `task`: 16 hex digits of a 64-bit FNV-1a hash over its label, argv and environment.
    public static func key(for task: TaskSpec) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
            hash ^= 0xff
            hash &*= 0x0000_0100_0000_01b3
        }
        mix(task.label)
        for argument in task.argv { mix(argument) }
        for name in task.environment.keys.sorted() {
            mix(name)
            mix(task.environment[name] ?? "")
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
