import Foundation

/// The layout of a line of the run's main log, from a Python logging format string, as parallelr's
/// `logging.file_format` gives it: `%(asctime)s - %(name)s - %(levelname)s - [%(threadName)s] - %(message)s`
/// (its default, and prx's) writes
/// `2025-09-29 14:30:15,123 - P12345 - INFO - [ThreadPoolExecutor-0_0] - Task completed: x`.
///
/// A field is `%(attribute)` then Python's printf-style conversion (``PercentConversion``): flags `-`, `0`, `+`, space
/// and `#`, a width, a precision and a type, `d i o u x X e E f F g G c r s a`, each written as Python writes it
/// (`%(name)r` is `'P12345'`, `%(levelno)#o` is `0o24`); `%%` is a `%`. The attributes are those of a Python log
/// record that a line of prx's can have:
///
/// | attribute | value |
/// |---|---|
/// | `asctime` | local time, `2025-09-29 14:30:15,123` |
/// | `created`, `msecs` | seconds since 1970, and the milliseconds of that second |
/// | `levelname`, `levelno` | `INFO`, 20 |
/// | `name` | the logger's name: `P` and prx's PID, as parallelr names it |
/// | `process`, `processName` | prx's PID, `MainProcess` |
/// | `threadName` | `MainThread` for a run-level line, `ThreadPoolExecutor-0_0` for worker 1's |
/// | `message` | the line's text, its control characters written as escapes by ``RunLog`` (a NUL as `\x00`) |
///
/// The source-position attributes (`filename`, `lineno`, `funcName`, …) have no meaning for prx's lines and are
/// refused, as is what Python's logging refuses or cannot write on any line: a format with no field, a stray `%`, a
/// conversion of no known type, a number conversion of a text attribute, `o`, `x`, `X` or `c` of a fraction
/// (`created`, `msecs`). The format is checked when it is read, not line by line.
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

        /// The Python type of the attribute's value.
        var type: PercentConversion.ArgumentType {
            switch self {
            case .levelno, .process: .integer
            case .created, .msecs: .number
            case .asctime, .levelname, .name, .processName, .threadName, .message: .text
            }
        }
    }

    /// One `%(attribute)…` field.
    struct Field: Sendable, Hashable {
        var attribute: Attribute
        var conversion = PercentConversion.plain
    }

    /// A piece of a line: text as written in the format, or a field.
    enum Piece: Sendable, Hashable {
        case literal([UInt8])
        case field(Field)
    }

    /// A piece as a line is rendered from it, with nothing to copy or count references of: a literal's bytes, by their
    /// place in ``literalBytes``; an attribute written as Python's `str` writes it (a plain `%(attribute)s`); another
    /// field, by its place in ``pieces``.
    private enum Step: Sendable, Hashable {
        case literal(Range<Int>)
        case plain(Attribute)
        case converted(Int)
    }

    let pieces: [Piece]
    /// The pieces as ``render(_:into:)`` goes through them: the log writes a few lines per task.
    private let steps: [Step]
    /// The literals' bytes, one after another.
    private let literalBytes: [UInt8]

    /// prx's default, ``parallelrFormat``.
    public init() {
        self.init(pieces: [
            .field(Field(attribute: .asctime)), .literal(Array(" - ".utf8)),
            .field(Field(attribute: .name)), .literal(Array(" - ".utf8)),
            .field(Field(attribute: .levelname)), .literal(Array(" - [".utf8)),
            .field(Field(attribute: .threadName)), .literal(Array("] - ".utf8)),
            .field(Field(attribute: .message)),
        ])
    }

    /// The format of `pieces`, with the steps its lines are rendered by.
    private init(pieces: [Piece]) {
        self.pieces = pieces
        var steps: [Step] = []
        var literalBytes: [UInt8] = []
        for (index, piece) in pieces.enumerated() {
            switch piece {
            case .literal(let bytes):
                steps.append(.literal(literalBytes.count..<(literalBytes.count + bytes.count)))
                literalBytes += bytes
            case .field(let field) where field.conversion.isPlain:
                steps.append(.plain(field.attribute))
            case .field:
                steps.append(.converted(index))
            }
        }
        self.steps = steps
        self.literalBytes = literalBytes
    }

    /// Reads a Python logging format string; an empty one is `%(message)s`, as Python's `Formatter` takes it.
    ///
    /// - Throws: ``Failure`` for a `%` that starts no field, an unknown or unsupported attribute, a conversion Python
    ///   cannot write (no type or an unknown one, a `*` width), or one of a value of a type it refuses (`d` of text,
    ///   `x` of a fraction), or a format with no field, which Python's `Formatter` refuses.
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
        guard pieces.contains(where: { if case .field = $0 { true } else { false } }) else {
            throw Failure(description: "there is no %(attribute) field, as Python's logging needs one (%(message)s)")
        }
        self.init(pieces: pieces)
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
        guard let attribute = Attribute(rawValue: name) else {
            let known = Attribute.allCases.map(\.rawValue).joined(separator: ", ")
            throw Failure(description: "unknown attribute %(\(name)) (prx's log lines have \(known))")
        }
        var index = close + 1
        guard let conversion = PercentConversion(reading: bytes, at: &index) else {
            throw Failure(
                description: "%(\(name)) needs a conversion: flags -0+ #, a width, a .precision, one of h l L, "
                    + "then one of d i o u x X e E f F g G c r s a (at '\(rest)')")
        }
        if let refusal = conversion.refusal(of: attribute.type) {
            throw Failure(description: "%(\(name)) \(refusal) (at '\(rest)')")
        }
        return (Field(attribute: attribute, conversion: conversion), index)
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
        /// The start of the message, written before ``message`` (`Task completed: `), or empty.
        var messageHead: String
        /// The message, or the rest of it after ``messageHead``.
        var message: String
    }

    /// Appends `line` laid out by the format, without its line end.
    func render(_ line: Line, into row: inout RowBuffer) {
        literalBytes.withUnsafeBytes { literalBytes in
            for step in steps {
                switch step {
                case .literal(let range):
                    row.append(bytes: UnsafeRawBufferPointer(rebasing: literalBytes[range]))
                case .plain(let attribute):
                    Self.append(attribute, of: line, to: &row)
                case .converted(let index):
                    guard case .field(let field) = pieces[index] else { continue }
                    row.append(field.conversion.write(Self.argument(field.attribute, of: line)))
                }
            }
        }
    }

    /// An attribute's value as Python's log record holds it.
    private static func argument(_ attribute: Attribute, of line: Line) -> PercentConversion.Argument {
        switch attribute {
        case .created: return .number(line.created)
        case .msecs: return .number(Double(line.time.microsecond / 1000))
        case .levelno: return .integer(line.level.rawValue)
        case .process: return .integer(Int(line.processID))
        case .message: return .text(line.messageHead + line.message)
        case .asctime, .levelname, .name, .processName, .threadName:
            var value = RowBuffer(capacity: 64)
            append(attribute, of: line, to: &value)
            return .text(value.withBytes { String(decoding: $0, as: UTF8.self) })
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
        case .processName: row.append(literal: "MainProcess")
        case .threadName:
            if line.worker > 0 {
                row.append(literal: "ThreadPoolExecutor-0_")
                row.append(integer: line.worker - 1)
            } else {
                row.append(literal: "MainThread")
            }
        case .message:
            row.append(line.messageHead)
            row.append(line.message)
        }
    }
}
