import CSystem

extension SinkFileError {
    /// The failure to write `what` (`the summary`, `what Lua code printed`, `the dry run`) to prx's standard output,
    /// in one wording wherever prx reports it: `cannot write the summary to standard output: it was closed when prx
    /// started` for a standard output prx was started without (`prx … >&-`, where prx holds `/dev/null`, open for
    /// reading, and the system's `Bad file descriptor` said nothing of it), else the system's text for
    /// `errorNumber` (`No space left on device`), or, for 0 or less, `a write to it failed` (a failure whose error
    /// number was lost, as Lua's `print` loses it).
    ///
    /// The corresponding C function is `csystem_standard_stream_was_closed`.
    public static func standardOutput(writing what: String, errorNumber: Int32) -> SinkFileError {
        let (operation, path) = ("write \(what) to", "standard output")
        if csystem_standard_stream_was_closed(1) != 0 {
            return SinkFileError(operation: operation, path: path, detail: "it was closed when prx started")
        }
        guard errorNumber > 0 else {
            return SinkFileError(operation: operation, path: path, detail: "a write to it failed")
        }
        return SinkFileError(operation: operation, path: path, errorNumber: errorNumber)
    }

    /// ``standardOutput(writing:errorNumber:)`` of the failure `error`.
    package static func standardOutput(writing what: String, error: Errno) -> SinkFileError {
        standardOutput(writing: what, errorNumber: error.rawValue)
    }
}
