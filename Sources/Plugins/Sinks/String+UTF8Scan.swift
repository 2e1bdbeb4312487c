extension String {
    /// Whether any of the string's UTF-8 bytes satisfies `predicate`: scanned as one buffer where the string is
    /// native (always, on Linux), byte by byte through its UTF-8 view otherwise. The sinks' escape and quote
    /// checks run on every field of every row, and `prx history RUN --json` its labels.
    package func containsUTF8Byte(where predicate: (UInt8) -> Bool) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(where: predicate) } ?? utf8.contains(where: predicate)
    }
}
