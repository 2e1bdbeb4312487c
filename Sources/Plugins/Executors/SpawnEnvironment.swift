#if os(Linux)
import Glibc

/// The environment every task of an executor starts from, turned into `NAME=value` C strings once, when the
/// executor is made, so that starting a task without variables of its own copies nothing. The strings lie one after
/// the other in one block, which the spawn copies into the child's area whole (``withCStrings(adding:taskValue:_:)``
/// hands it over), rather than string by string.
///
/// An executor whose tasks each get a variable of their own (``TaskToken``'s `PRX_TASK_TOKEN`, when they are not given
/// the orphan guard's token) names it as the ``taskVariable``: it is left out of the shared strings, and a spawn that
/// gives it copies the pointers to them and adds the task's string in the slot after them, with no lookup by name.
///
/// `@unchecked Sendable`: the strings and the pointer array are written only by `init`, then only read (by
/// the spawn, from any thread) until `deinit` frees them.
final class SpawnEnvironment: @unchecked Sendable {
    /// The name of each entry, in the order of `entries`.
    private let names: [ArraySlice<UInt8>]
    /// One `NAME=value` string per name, in the order of `names`, then a null pointer: each in `strings`.
    private let entries: UnsafeMutableBufferPointer<UnsafeMutablePointer<CChar>?>
    /// The bytes of `entries`' strings, each with its terminating NUL, one after the other.
    private let strings: UnsafeMutableRawBufferPointer
    /// The name of the variable each task is given a value of its own of, or `nil` for none.
    let taskVariable: String?

    /// Converts `entries` as their bytes stand (a name or value that is not UTF-8 is given to tasks as it is), leaving
    /// out empty names and `taskVariable`.
    init(entries variables: [EnvironmentEntry], taskVariable: String? = nil) {
        self.taskVariable = taskVariable
        let valid = variables.filter { !$0.name.isEmpty && !(taskVariable.map($0.isNamed) ?? false) }
            .sorted { $0.name.lexicographicallyPrecedes($1.name) }
        names = valid.map(\.name)
        entries = .allocate(capacity: valid.count + 1)
        strings = .allocate(
            byteCount: valid.reduce(0) { $0 + $1.bytes.count + 1 }, alignment: MemoryLayout<CChar>.alignment)
        var offset = 0
        for (index, variable) in valid.enumerated() {
            let string = strings.baseAddress! + offset
            variable.bytes.withUnsafeBytes { string.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            string.storeBytes(of: 0, toByteOffset: variable.bytes.count, as: UInt8.self)
            entries[index] = string.assumingMemoryBound(to: CChar.self)
            offset += variable.bytes.count + 1
        }
        entries[valid.count] = nil
    }

    deinit {
        strings.deallocate()
        entries.deallocate()
    }

    /// Calls `body` with the null-terminated environment: these variables, with `overrides` added or replacing
    /// those of the same name, and ``taskVariable`` set to `taskValue` when both are given; and with the block that
    /// holds the strings of these variables, for the spawn to copy whole (the strings added lie outside it).
    func withCStrings<Result, Failure: Error>(
        adding overrides: [String: String],
        taskValue: String? = nil,
        _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>, UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let block = UnsafeRawBufferPointer(strings)
        guard let taskVariable, let taskValue else {
            return try withCStrings(merging: overrides) { (environment) throws(Failure) in
                try body(environment, block)
            }
        }
        guard overrides.isEmpty else {
            var merged = overrides
            merged[taskVariable] = taskValue
            return try withCStrings(merging: merged) { (environment) throws(Failure) in
                try body(environment, block)
            }
        }
        let count = names.count
        let taskEntry = strdup("\(taskVariable)=\(taskValue)")
        defer { free(taskEntry) }
        return try withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<CChar>?.self, capacity: count + 2) {
            (pointers) throws(Failure) -> Result in
            _ = pointers.initialize(fromContentsOf: entries[..<count])
            pointers[count] = taskEntry
            pointers[count + 1] = nil
            return try body(pointers.baseAddress!, block)
        }
    }

    /// The environment with `overrides` alone (``withCStrings(adding:taskValue:_:)`` without a task's value).
    private func withCStrings<Result, Failure: Error>(
        merging overrides: [String: String],
        _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        if overrides.isEmpty {
            return try body(entries.baseAddress!)
        }
        var pointers: [UnsafeMutablePointer<CChar>?] = []
        pointers.reserveCapacity(names.count + overrides.count + 1)
        let overridden = Set(overrides.keys.map { ArraySlice($0.utf8) })
        for (index, name) in names.enumerated() where !overridden.contains(name) {
            pointers.append(entries[index])
        }
        let added = overrides.map { strdup("\($0.key)=\($0.value)") }
        defer {
            for string in added {
                free(string)
            }
        }
        pointers += added
        pointers.append(nil)
        return try pointers.withUnsafeBufferPointer { (buffer) throws(Failure) -> Result in
            try body(buffer.baseAddress!)
        }
    }
}
#endif
