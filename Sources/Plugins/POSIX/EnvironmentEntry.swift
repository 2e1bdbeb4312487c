#if os(Linux)
import Glibc

/// One variable of an environment as programs are given it: its `NAME=value` bytes, which need not be UTF-8.
///
/// Foundation's `ProcessInfo.environment` decodes each of prx's variables as UTF-8 and puts U+FFFD in place of
/// bytes that are not, so a program started with it got `caf\u{FFFD}` for a `caf\xe9` prx was given, where
/// parallelr's tasks (Python's `os.environ`, passed on by `subprocess`) get the bytes prx was given.
package struct EnvironmentEntry: Sendable {
    /// The whole entry, `NAME=value`, without a terminating NUL.
    package let bytes: [UInt8]
    /// Where the name ends: the index of the first `=` in ``bytes``.
    private let separator: Int

    /// The entry `name=value`.
    package init(name: String, value: String) {
        bytes = Array(name.utf8) + [UInt8(ascii: "=")] + Array(value.utf8)
        separator = name.utf8.count
    }

    /// The entry `bytes`, or `nil` when they hold no `=` or begin with one (a variable without a name), which no
    /// program can look up and Python's `os.environ` leaves out.
    package init?(bytes: [UInt8]) {
        guard let separator = bytes.firstIndex(of: UInt8(ascii: "=")), separator > 0 else { return nil }
        self.bytes = bytes
        self.separator = separator
    }

    /// The name's bytes.
    package var name: ArraySlice<UInt8> {
        bytes[..<separator]
    }

    /// Whether the name is `name`, byte for byte.
    package func isNamed(_ name: String) -> Bool {
        self.name.elementsEqual(name.utf8)
    }

    /// The value, its bytes that are not UTF-8 replaced by U+FFFD: for prx's own reading (where to look for
    /// programs), never for a program's environment.
    package var value: String {
        String(decoding: bytes[(separator + 1)...], as: UTF8.self)
    }

    /// A copy of ``bytes`` ending in NUL, for a program's environment, which the caller frees (`free`).
    package func makeCString() -> UnsafeMutablePointer<CChar> {
        let string = malloc(bytes.count + 1)!.assumingMemoryBound(to: CChar.self)
        bytes.withUnsafeBytes { raw in
            UnsafeMutableRawPointer(string).copyMemory(from: raw.baseAddress!, byteCount: raw.count)
        }
        string[bytes.count] = 0
        return string
    }

    /// The entries of `variables`, leaving out a name that holds `=`, which would give the variable another name.
    package static func entries(of variables: [String: String]) -> [EnvironmentEntry] {
        variables.filter { !$0.key.contains("=") }.map { EnvironmentEntry(name: $0.key, value: $0.value) }
    }

    /// This process's environment as it stands, in its order, each name once: its first entry, which `getenv`
    /// finds, where one is given twice.
    ///
    /// The corresponding C variable is `environ`.
    package static func ofThisProcess() -> [EnvironmentEntry] {
        var entries: [EnvironmentEntry] = []
        var names: Set<ArraySlice<UInt8>> = []
        var index = 0
        while let pointer = environ[index] {
            index += 1
            let length = strlen(pointer)
            let bytes = pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
                Array(UnsafeBufferPointer(start: $0, count: length))
            }
            guard let entry = EnvironmentEntry(bytes: bytes), names.insert(entry.name).inserted else { continue }
            entries.append(entry)
        }
        return entries
    }
}

extension [EnvironmentEntry] {
    /// Gives the variable `name` the value `value`, in place of any entry of that name.
    package mutating func set(_ name: String, to value: String) {
        removeAll { $0.isNamed(name) }
        append(EnvironmentEntry(name: name, value: value))
    }
}
#endif
