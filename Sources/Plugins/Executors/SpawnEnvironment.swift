#if os(Linux)
import Glibc

/// The environment every task of an executor starts from, turned into `NAME=value` C strings once, when the
/// executor is made, so that starting a task without variables of its own copies nothing.
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
    /// One `NAME=value` string per name, in the order of `names`, then a null pointer.
    private let entries: UnsafeMutableBufferPointer<UnsafeMutablePointer<CChar>?>
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
        for (index, variable) in valid.enumerated() {
            entries[index] = variable.makeCString()
        }
        entries[valid.count] = nil
    }

    deinit {
        for entry in entries {
            free(entry)
        }
        entries.deallocate()
    }

    /// Calls `body` with the null-terminated environment: these variables, with `overrides` added or replacing
    /// those of the same name, and ``taskVariable`` set to `taskValue` when both are given.
    func withCStrings<Result, Failure: Error>(
        adding overrides: [String: String],
        taskValue: String? = nil,
        _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        guard let taskVariable, let taskValue else {
            return try withCStrings(merging: overrides, body)
        }
        guard overrides.isEmpty else {
            var merged = overrides
            merged[taskVariable] = taskValue
            return try withCStrings(merging: merged, body)
        }
        let count = names.count
        let taskEntry = strdup("\(taskVariable)=\(taskValue)")
        defer { free(taskEntry) }
        return try withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<CChar>?.self, capacity: count + 2) {
            (pointers) throws(Failure) -> Result in
            _ = pointers.initialize(fromContentsOf: entries[..<count])
            pointers[count] = taskEntry
            pointers[count + 1] = nil
            return try body(pointers.baseAddress!)
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
