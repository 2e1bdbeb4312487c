/// A string compared and hashed by its UTF-8 bytes, as Lua compares strings and `fnmatch` and the file system
/// match them.
///
/// Swift's `String` takes canonically equivalent strings for equal (`"caf\u{e9}"` and `"cafe\u{301}"`, both
/// shown as "café"): as a key it made two task names of other bytes one, and two fields of a Lua table one.
/// Wrapping a string copies nothing, and hashing reads its bytes where they are.
struct ByteExactString: Hashable {
    /// The string.
    var text: String

    /// Wraps `text`.
    init(_ text: String) {
        self.text = text
    }

    /// Whether the two strings have the same bytes.
    static func == (lhs: ByteExactString, rhs: ByteExactString) -> Bool {
        lhs.text.utf8.count == rhs.text.utf8.count && lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    /// Feeds the string's bytes to `hasher`: from its storage, or one by one for a string whose bytes are not in
    /// one piece (the same bytes make the same hash either way).
    func hash(into hasher: inout Hasher) {
        let hashed: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
        if hashed == nil {
            for byte in text.utf8 { hasher.combine(byte) }
        }
    }
}
