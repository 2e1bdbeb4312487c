#if os(Linux)
import Glibc

/// The environment every task of an executor starts from, turned into `NAME=value` C strings once, when the
/// executor is made, so that starting a task without variables of its own copies nothing.
///
/// `@unchecked Sendable`: the strings and the pointer array are written only by `init`, then only read (by
/// the spawn, from any thread) until `deinit` frees them.
final class SpawnEnvironment: @unchecked Sendable {
    private let names: [String]
    /// One `NAME=value` string per name, in the order of `names`, then a null pointer.
    private let entries: UnsafeMutableBufferPointer<UnsafeMutablePointer<CChar>?>

    /// Converts `variables`, leaving out names that are empty or contain `=`.
    init(_ variables: [String: String]) {
        let valid = variables.filter { !$0.key.isEmpty && !$0.key.contains("=") }.sorted { $0.key < $1.key }
        names = valid.map(\.key)
        entries = .allocate(capacity: valid.count + 1)
        for (index, variable) in valid.enumerated() {
            entries[index] = strdup("\(variable.key)=\(variable.value)")
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
    /// those of the same name.
    func withCStrings<Result, Failure: Error>(
        adding overrides: [String: String],
        _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        if overrides.isEmpty {
            return try body(entries.baseAddress!)
        }
        var pointers: [UnsafeMutablePointer<CChar>?] = []
        pointers.reserveCapacity(names.count + overrides.count + 1)
        for (index, name) in names.enumerated() where overrides[name] == nil {
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
