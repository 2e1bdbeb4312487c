/// parallelr's security limits: how long one argument and how large one task file may be.
///
/// A task over a limit is not run: its source gives it a ``PRXKernel/TaskSpec/preflightError`` and the run goes on.
public struct SecurityLimits: Sendable, Hashable {
    /// The most characters (Unicode scalars, as Python's `len` counts) one argument may have after substitution.
    public var maxArgumentLength: Int
    /// The most bytes a task file (or template file) may have.
    public var maxFileSize: Int

    /// Creates limits; the defaults are parallelr's.
    public init(maxArgumentLength: Int = 1000, maxFileSize: Int = 1_048_576) {
        self.maxArgumentLength = maxArgumentLength
        self.maxFileSize = maxFileSize
    }

    /// Why `argv` breaks the argument limit, or `nil` when it does not. Arguments count from 1, the program
    /// being argument 1.
    public func argumentViolation(in argv: [String]) -> String? {
        for (index, argument) in argv.enumerated() {
            // A string has no more scalars than bytes, and knows how many bytes it has: only a longer argument is
            // counted scalar by scalar.
            guard argument.utf8.count > maxArgumentLength else { continue }
            let length = argument.unicodeScalars.count
            if length > maxArgumentLength {
                return "argument \(index + 1) is \(length) characters long, "
                    + "over max_argument_length \(maxArgumentLength)"
            }
        }
        return nil
    }

    /// Why the file at `path` cannot be a task file (over the size limit, or unreadable), or `nil` when it can.
    public func fileViolation(at path: String) -> String? {
        let status: SourceFileSystem.Status?
        do {
            status = try SourceFileSystem.status(path)
        } catch {
            return "cannot read task file \(path): \(error)"
        }
        guard let status else { return "task file \(path) does not exist" }
        guard status.kind == .regularFile else { return "task file \(path) is not a regular file" }
        if status.size > maxFileSize {
            return "task file \(path) is \(status.size) bytes, over max_file_size \(maxFileSize)"
        }
        return nil
    }
}
