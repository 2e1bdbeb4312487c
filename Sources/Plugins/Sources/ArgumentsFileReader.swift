import CSystem
import PRXKernel

/// Reads an arguments file (`-A`) one task line at a time, never holding more than one line.
///
/// A line ends at `\n`, `\r\n` or a `\r` alone, as Python's universal newlines, with which parallelr reads the file,
/// end lines. Blank lines and lines whose first non-blank code point is `#` are skipped (`#️⃣ servers` too); every
/// other line is stripped of its line end and surrounding whitespace (code points, as Python's `str.strip`) and split
/// into fields by the ``Separator``, or kept whole without one. A byte order mark at the start of the file (as
/// Windows editors save UTF-8) is not part of the first line. A line that is not UTF-8 is returned all the same, marked
/// (``ArgumentLine/isUTF8``), for its reader to refuse.
///
/// A reader is a handle on an open file: it is a class, and everything holding it shares its position.
public final class ArgumentsFileReader {
    /// Why an arguments file cannot be read.
    public enum ReadError: FlagNamingError, Hashable {
        /// The file cannot be opened.
        case cannotOpen(String, reason: String)
        /// The path is a directory.
        case isDirectory(String)
        /// The path names a standard stream prx was started without (`-A /dev/stdin <&-`), where prx holds
        /// `/dev/null`, which would give no line.
        case closedStandardStream(String, ClosedStandardStream)
        /// The path names standard input, of which the C library holds bytes read ahead (Lua code's `io.read` or
        /// `io.lines` read a line of it): a pipe would give the file the lines after those bytes, the others lost.
        case readAhead(String, bytes: Int)
        /// The path names standard input, from which prx loaded the Lua file messages name with the second value
        /// (``StandardInputReading/luaFileRead``): its lines would be that code's, or none.
        case heldLuaCode(String, luaFile: String)
        /// Reading failed after this line number.
        case cannotRead(String, afterLine: Int, reason: String)
        /// This line cannot be read (it is too long); the lines after it can.
        case unreadableLine(String, line: Int, reason: String)

        /// The message, ending with what named the file when it cannot be opened: `-A` in flags mode, the source's
        /// setting (`args-file.file`) in a recipe or a `--set`. A read error names the file and line instead.
        public func described(naming origin: (_ flag: String) -> String) -> String {
            switch self {
            case .cannotOpen(let path, let reason): "cannot open arguments file \(path): \(reason) (\(origin("-A")))"
            case .isDirectory(let path): "arguments file is a directory: \(path) (\(origin("-A")))"
            case .closedStandardStream(let path, let stream): stream.refusal(of: path, givenBy: origin("-A"))
            case .readAhead(let path, let bytes): Self.readAheadRefusal(of: path, bytes: bytes, givenBy: origin("-A"))
            case .heldLuaCode(let path, let luaFile):
                Self.heldLuaCodeRefusal(of: path, luaFile: luaFile, givenBy: origin("-A"))
            case .cannotRead(let path, let line, let reason):
                "cannot read arguments file \(path): \(reason) (\(path):\(line + 1))"
            case .unreadableLine(let path, let line, let reason):
                "cannot read arguments file \(path): \(reason) (\(path):\(line))"
            }
        }

        /// `-A /dev/stdin names prx's standard input, of which Lua code (io.read, io.lines) read 12 bytes ahead that
        /// the file would not give: read standard input in Lua alone, or by its path alone`.
        static func readAheadRefusal(of path: String, bytes: Int, givenBy origin: String) -> String {
            "\(origin) \(path) names prx's standard input, of which Lua code (io.read, io.lines) read \(bytes) "
                + "byte\(bytes == 1 ? "" : "s") ahead that the file would not give: read standard input in Lua alone, "
                + "or by its path alone"
        }

        /// `args-file.file /dev/stdin names prx's standard input, which prx read as the Lua code of stdin: give the
        /// lines in a file of their own, or the Lua code by its path`.
        static func heldLuaCodeRefusal(of path: String, luaFile: String, givenBy origin: String) -> String {
            "\(origin) \(path) names prx's standard input, which prx read as the Lua code of \(luaFile): give the "
                + "lines in a file of their own, or the Lua code by its path"
        }
    }

    /// The file's path, as given; messages name the file by it.
    public let path: String
    /// How lines split into fields; `nil` keeps each line whole.
    public let separator: Separator?
    private let stream: LineStream
    private var lineNumber = 0

    /// Opens the arguments file at `path`.
    public init(path: String, separator: Separator? = nil) throws(ReadError) {
        if let stream = ClosedStandardStream(namedBy: path) { throw .closedStandardStream(path, stream) }
        let readsStandardInput = OwnDescriptorPath.namesStandardInput(path)
        let readAhead = Int(csystem_standard_input_bytes_read_ahead())
        if readAhead > 0, readsStandardInput {
            throw .readAhead(path, bytes: readAhead)
        }
        if readsStandardInput, let luaFile = StandardInputReading.luaFileRead {
            throw .heldLuaCode(path, luaFile: luaFile)
        }
        do {
            if try SourceFileSystem.status(path)?.kind == .directory { throw ReadError.isDirectory(path) }
            stream = try LineStream(path: path, endsLinesAtCarriageReturns: true, noticingTruncation: true)
        } catch let error as ReadError {
            throw error
        } catch {
            throw .cannotOpen(path, reason: "\(error)")
        }
        // From now on Lua code reading standard input would take this reader's lines.
        if readsStandardInput { StandardInputReading.noteOpened(path) }
        self.path = path
        self.separator = separator
    }

    /// When the next line would wait for input (a pipe, a FIFO or a terminal with nothing to read yet), what
    /// tells when it would not; `nil` when it would not wait. A read that waits ends early, with no more lines,
    /// when the run reading it is interrupted.
    public var inputWait: (any InputWait)? { stream.inputWait }

    /// Ends the reading of a file that may wait (a pipe, a FIFO, a terminal): ``next()`` then returns the lines
    /// already read whole, and `nil` after them. A regular file is still read to its end.
    public func stopReading() {
        stream.stopReading()
    }

    /// Returns the next task line, or `nil` at the end of the file.
    ///
    /// A line too long to read throws ``ReadError/unreadableLine(_:line:reason:)``, and the next call returns the
    /// line after it; a failure to read throws ``ReadError/cannotRead(_:afterLine:reason:)``.
    public func next() throws(ReadError) -> ArgumentLine? {
        while true {
            let raw: LineStream.Line?
            do {
                raw = try stream.nextLine()
            } catch {
                guard case .lineTooLong = error else {
                    throw .cannotRead(path, afterLine: lineNumber, reason: error.description)
                }
                // The stream drops the rest of the line, and reads on after it.
                lineNumber += 1
                throw .unreadableLine(path, line: lineNumber, reason: error.description)
            }
            guard let raw else { return nil }
            lineNumber += 1
            let text = taskText(of: raw.text)
            // By code point, as Python's startswith: `#` and a mark after it (`#️⃣`) are one Character, not `#`.
            if text.isEmpty || text.unicodeScalars.first == "#" { continue }
            return ArgumentLine(
                number: lineNumber, text: text, fields: separator?.split(text) ?? [text], isUTF8: raw.isUTF8,
                shownText: raw.isUTF8 ? text : taskText(of: raw.shownText))
        }
    }

    /// `line`, the line just read, without its line end and surrounding whitespace, and without the byte order mark
    /// that starts the file.
    private func taskText(of line: String) -> String {
        var scalars = line.unicodeScalars[...]
        if lineNumber == 1 && scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        return PythonWhitespace.trim(scalars)
    }
}
