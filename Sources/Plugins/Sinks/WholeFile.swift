/// Files written whole or not at all, for readers that must never find one half written (the run registry's
/// entries, which `--list-workers` and `-k` read while their runs rewrite them).
public enum WholeFile {
    /// Replaces the file at `path` with `bytes`: they are written beside it, to `path` with `.new` added, which is
    /// then renamed over it (``WriteThroughFile/create(at:holding:)``).
    ///
    /// - Throws: ``SinkFileError`` naming `path` and the system's reason; the draft is removed.
    public static func replace(_ path: String, with bytes: [UInt8]) throws(SinkFileError) {
        var row = RowBuffer(capacity: max(bytes.count, 1))
        row.append(bytes: bytes)
        _ = try WriteThroughFile.create(at: path, holding: row)
    }
}
