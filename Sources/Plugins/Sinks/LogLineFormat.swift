import Foundation

/// The layout of a line of the run's main log, from a Python logging format string, as parallelr's
/// `logging.file_format` gives it: `%(asctime)s - %(name)s - %(levelname)s - [%(threadName)s] - %(message)s`
/// (its default, and prx's) writes
/// `2025-09-29 14:30:15,123 - P12345 - INFO - [ThreadPoolExecutor-0_0] - Task completed: x`.
///
/// A field is `%(attribute)` then Python's `%` conversion: flags `-` (align left) and `0` (pad a `d`, `i` or `f`
/// with zeros), a width, a precision, and `s`, `d`, `i` or `f`; `%%` is a `%`. The attributes are those of a
/// Python log record that a line of prx's can have:
///
/// | attribute | value |
/// |---|---|
/// | `asctime` | local time, `2025-09-29 14:30:15,123` |
/// | `created`, `msecs` | seconds since 1970, and the milliseconds of that second |
/// | `levelname`, `levelno` | `INFO`, 20 |
/// | `name` | the logger's name: `P` and prx's PID, as parallelr names it |
/// | `process`, `processName` | prx's PID, `MainProcess` |
/// | `threadName` | `MainThread` for a run-level line, `ThreadPoolExecutor-0_0` for worker 1's |
/// | `message` | the line's text, a NUL byte in it written U+FFFD, as the CSV summary writes it |
///
/// The source-position attributes (`filename`, `lineno`, `funcName`, …) have no meaning for prx's lines and are
/// refused, as are conversions other than those four: the format is checked when it is read, not line by line.
public struct LogLineFormat: Sendable, Hashable {
    /// parallelr's `logging.file_format`, and prx's when none is given.
    public static let parallelrFormat = "%(asctime)s - %(name)s - %(levelname)s - [%(threadName)s] - %(message)s"

    /// Why a format string cannot be used, naming the part of it that is wrong.
    public struct Failure: Error, Hashable, CustomStringConvertible {
        /// What is wrong, e.g. `unknown attribute %(lineno)d`.
        public var description: String
    }

    /// A log record's attributes that a field can show.
    enum Attribute: String, CaseIterable, Sendable {
        case asctime, created, msecs, levelname, levelno, name, process, processName, threadName, message

        var isNumber: Bool {
            switch self {
            case .created, .msecs, .levelno, .process: true
            case .asctime, .levelname, .name, .processName, .threadName, .message: false
            }
        }
    }

    /// One `%(attribute)…` field.
    struct Field: Sendable, Hashable {
        var attribute: Attribute
        var alignsLeft = false
        var padsWithZeros = false
        var width = 0
        var precision: Int?
        /// `s`, `d` (for `d` and `i`) or `f`.
        var conversion: UInt8

        /// Whether the field is written as it comes, with no width or precision to apply.
        var isPlain: Bool { width == 0 && precision == nil && conversion == UInt8(ascii: "s") }
    }

    /// A piece of a line: text as written in the format, or a field.
    enum Piece: Sendable, Hashable {
        case literal([UInt8])
        case field(Field)
    }

    let pieces: [Piece]

    /// prx's default, ``parallelrFormat``.
    public init() {
        pieces = [
            .field(Field(attribute: .asctime, conversion: UInt8(ascii: "s"))), .literal(Array(" - ".utf8)),
            .field(Field(attribute: .name, conversion: UInt8(ascii: "s"))), .literal(Array(" - ".utf8)),
            .field(Field(attribute: .levelname, conversion: UInt8(ascii: "s"))), .literal(Array(" - [".utf8)),
            .field(Field(attribute: .threadName, conversion: UInt8(ascii: "s"))), .literal(Array("] - ".utf8)),
            .field(Field(attribute: .message, conversion: UInt8(ascii: "s"))),
        ]
    }

    /// Reads a Python logging format string; an empty one is `%(message)s`, as Python's `Formatter` takes it.
    ///
    /// - Throws: ``Failure`` for a `%` that starts no field, an unknown or unsupported attribute, a conversion
    ///   other than `s`, `d`, `i` and `f`, or a number conversion of a text attribute.
    public init(parsing format: String) throws(Failure) {
        var pieces: [Piece] = []
        var literal: [UInt8] = []
        let bytes = Array((format.isEmpty ? "%(message)s" : format).utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "%") else {
                literal.append(bytes[index])
                index += 1
                continue
            }
            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "%") {
                literal.append(UInt8(ascii: "%"))
                index += 2
                continue
            }
            let (field, next) = try Self.field(in: bytes, at: index)
            if !literal.isEmpty {
                pieces.append(.literal(literal))
                literal = []
            }
            pieces.append(.field(field))
            index = next
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        self.pieces = pieces
    }

    /// The field that starts at `start` (its `%`), and where the format goes on after it.
    private static func field(in bytes: [UInt8], at start: Int) throws(Failure) -> (Field, Int) {
        let rest = String(decoding: bytes[start...].prefix(24), as: UTF8.self)
        guard start + 1 < bytes.count, bytes[start + 1] == UInt8(ascii: "("),
            let close = bytes[(start + 2)...].firstIndex(of: UInt8(ascii: ")"))
        else {
            throw Failure(description: "a % must start a %(attribute)s field or be written %% (at '\(rest)')")
        }
        let name = String(decoding: bytes[(start + 2)..<close], as: UTF8.self)
        var index = close + 1
        func number() -> Int? {
            var value: Int?
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                value = (value ?? 0) * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            return value
        }
        var field = Field(attribute: .message, conversion: 0)
        while index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "0") {
            if bytes[index] == UInt8(ascii: "-") { field.alignsLeft = true } else { field.padsWithZeros = true }
            index += 1
        }
        field.width = min(number() ?? 0, 1000)
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            field.precision = min(number() ?? 0, 1000)
        }
        guard let attribute = Attribute(rawValue: name) else {
            let known = Attribute.allCases.map(\.rawValue).joined(separator: ", ")
            throw Failure(description: "unknown attribute %(\(name)) (prx's log lines have \(known))")
        }
        field.attribute = attribute
        guard index < bytes.count, [UInt8]("sdif".utf8).contains(bytes[index]) else {
            throw Failure(description: "%(\(name)) needs a conversion s, d, i or f (at '\(rest)')")
        }
        field.conversion = bytes[index] == UInt8(ascii: "i") ? UInt8(ascii: "d") : bytes[index]
        if field.conversion != UInt8(ascii: "s") && !attribute.isNumber {
            throw Failure(description: "%(\(name)) is text: write it with s (at '\(rest)')")
        }
        return (field, index + 1)
    }

    /// What one line shows.
    struct Line {
        var time: LocalTimestamp
        /// Seconds since 1970.
        var created: Double
        var level: LogLevel
        /// The logger's name, `P12345`.
        var name: String
        var processID: Int32
        /// The worker slot the line is about; 0 for the run itself.
        var worker: Int
        var message: String
    }

    /// Appends `line` laid out by the format, without its line end.
    func render(_ line: Line, into row: inout RowBuffer) {
        for piece in pieces {
            switch piece {
            case .literal(let bytes):
                row.append(bytes: bytes)
            case .field(let field) where field.isPlain:
                Self.append(field.attribute, of: line, to: &row)
            case .field(let field):
                var value = RowBuffer(capacity: 64)
                Self.append(field, of: line, to: &value)
                let text = value.withBytes { String(decoding: $0, as: UTF8.self) }
                let convertsToText = field.conversion == UInt8(ascii: "s")
                let shown = field.precision.map { convertsToText ? String(text.prefix($0)) : text } ?? text
                let padding = max(field.width - shown.count, 0)
                if field.alignsLeft {
                    row.append(shown)
                    for _ in 0..<padding { row.append(byte: UInt8(ascii: " ")) }
                } else if field.padsWithZeros && !convertsToText {
                    let negative = shown.hasPrefix("-")
                    if negative { row.append(byte: UInt8(ascii: "-")) }
                    for _ in 0..<padding { row.append(byte: UInt8(ascii: "0")) }
                    row.append(negative ? String(shown.dropFirst()) : shown)
                } else {
                    for _ in 0..<padding { row.append(byte: UInt8(ascii: " ")) }
                    row.append(shown)
                }
            }
        }
    }

    /// Appends the value of `field`'s attribute converted as the field says (its width and text precision are the
    /// caller's).
    private static func append(_ field: Field, of line: Line, to row: inout RowBuffer) {
        guard field.attribute.isNumber else {
            append(field.attribute, of: line, to: &row)
            return
        }
        let value = number(field.attribute, of: line)
        switch field.conversion {
        case UInt8(ascii: "d"): row.append(integer: Int(value.rounded(.towardZero)))
        case UInt8(ascii: "f"): row.append(value, decimals: field.precision ?? 6)
        default: append(field.attribute, of: line, to: &row)
        }
    }

    /// A number attribute's value.
    private static func number(_ attribute: Attribute, of line: Line) -> Double {
        switch attribute {
        case .created: line.created
        case .msecs: Double(line.time.microsecond / 1000)
        case .levelno: Double(line.level.rawValue)
        case .process: Double(line.processID)
        case .asctime, .levelname, .name, .processName, .threadName, .message: 0
        }
    }

    /// Appends `attribute` as Python's `str` writes it.
    private static func append(_ attribute: Attribute, of line: Line, to row: inout RowBuffer) {
        switch attribute {
        case .asctime:
            row.append(line.time, dateTimeSeparator: UInt8(ascii: " "))
            row.append(fractionOf: line.time, digits: 3, separator: UInt8(ascii: ","))
        case .created: row.append(String(line.created))
        case .msecs: row.append(String(Double(line.time.microsecond / 1000)))
        case .levelname: row.append(line.level.name)
        case .levelno: row.append(integer: line.level.rawValue)
        case .name: row.append(line.name)
        case .process: row.append(integer: line.processID)
        case .processName: row.append("MainProcess")
        case .threadName:
            if line.worker > 0 {
                row.append("ThreadPoolExecutor-0_")
                row.append(integer: line.worker - 1)
            } else {
                row.append("MainThread")
            }
        case .message: row.appendReplacingNULs(line.message)
        }
    }
}
