import PRXKernel

/// A task's identity across runs: the same task from the same source, with the same command after
/// substitution and the same environment, has the same key in every run. `--resume` matches tasks by it.
public enum TaskIdentity {
    /// The key of `task`: the 16 hex digits of ``hash(for:)``.
    public static func key(for task: TaskSpec) -> String {
        let hash = hash(for: task)
        return String(unsafeUninitializedCapacity: 16) { digits in
            for index in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: hash >> (60 - 4 * UInt64(index))) & 0x0F
                digits[index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
            return 16
        }
    }

    /// The hash a key's digits stand for; `nil` when `key` is not hexadecimal.
    public static func hash(ofKey key: String) -> UInt64? {
        UInt64(key, radix: 16)
    }

    /// A 64-bit FNV-1a hash over `task`'s label, argv and environment.
    public static func hash(for task: TaskSpec) -> UInt64 {
        hash(label: task.label, argv: task.argv, environment: task.environment)
    }

    /// The hash of a task with `label` and neither command nor environment: that of an arguments line the run
    /// reported without parsing it (``TaskMetadataKey/unparsed``), by which a later run knows the line again.
    public static func hash(ofLabel label: String) -> UInt64 {
        hash(label: label, argv: [], environment: [:])
    }

    /// The hash `task` had in a journal written before prx labelled an arguments line that is not UTF-8 with its bytes
    /// (`caf\xe9`, 541e885): that of ``hash(for:)`` with ``labelBeforeBytesWereShown(of:)``; `nil` for every other
    /// task, whose hash is as it was. `--resume` matches a task by it when the earlier runs have none by its own.
    public static func hashBeforeBytesWereShown(for task: TaskSpec) -> UInt64? {
        labelBeforeBytesWereShown(of: task).map { hash(label: $0, argv: task.argv, environment: task.environment) }
    }

    /// The label `task` had before prx labelled an arguments line that is not UTF-8 with its bytes: the line as Swift
    /// decodes it, U+FFFD in place of each byte that is not UTF-8, the same for every byte, which is the line's text
    /// the task keeps (``TaskMetadataKey/arguments``). `nil` for every other task.
    public static func labelBeforeBytesWereShown(of task: TaskSpec) -> String? {
        guard let text = task.metadata[TaskMetadataKey.arguments], text != task.label, text.contains("\u{FFFD}")
        else { return nil }
        return text
    }

    /// A 64-bit FNV-1a hash over `label`, `argv` and `environment`.
    private static func hash(label: String, argv: [String], environment: [String: String]) -> UInt64 {
        var hash = FNV1a()
        hash.mix(label)
        for argument in argv { hash.mix(argument) }
        // No variables, no sort: sorting even no keys made an array for them (an allocation a task in flags mode).
        guard !environment.isEmpty else { return hash.value }
        for name in environment.keys.sorted() {
            hash.mix(name)
            hash.mix(environment[name] ?? "")
        }
        return hash.value
    }

    /// A 64-bit FNV-1a hash, fed string by string, each string's bytes followed by 0xff. A value of its own, mixed in
    /// place: functions nested in ``hash(label:argv:environment:)`` that captured its variable put it in a box whose
    /// every access was checked for exclusivity at run time.
    private struct FNV1a {
        private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

        mutating func mix(_ text: String) {
            if text.utf8.withContiguousStorageIfAvailable({ mix(bytes: $0) }) == nil {
                mix(bytes: text.utf8)
            }
            mix(byte: 0xff)
        }

        private mutating func mix(bytes: some Sequence<UInt8>) {
            for byte in bytes { mix(byte: byte) }
        }

        private mutating func mix(byte: UInt8) {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
    }
}
