import Foundation

/// One JSON object on one line, written member by member with no encoder: strings are escaped as RFC 8259
/// requires (`"`, `\`, and every control character, the common ones as `\n`, `\t`, … and the rest as
/// `\u00XX`); numbers that are not finite, and absent values, are `null`. Swift strings are valid Unicode,
/// so the output is valid UTF-8.
struct JSONLine: ~Copyable {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A member's name: a literal of prx's code, as nearly all are (`"event"`, `"start_time"`), or a name known only
    /// as the run goes (``init(_:)``: a feedback file's keys), escaped as any string is. A literal's bytes are
    /// copied as they stand in the binary, unescaped: a line has some twenty members and the sinks write several
    /// lines per task, and prx's names are letters and underscores, which JSON writes as they are.
    struct Key: ExpressibleByStringLiteral {
        fileprivate enum Name {
            /// A literal whose bytes a pointer gives (`hasPointerRepresentation`).
            case literal(StaticString)
            case text(String)
        }

        fileprivate let name: Name

        init(stringLiteral name: StaticString) {
            assert(
                name.withUTF8Buffer { !$0.contains(where: JSONLine.mustEscape) },
                "a JSON member's literal name must need no escaping")
            // A literal of one scalar may be made without the bytes a pointer gives: its name is written as text.
            self.name = name.hasPointerRepresentation ? .literal(name) : .text(name.description)
        }

        /// The name `text`, escaped as a string value is.
        init(_ text: String) {
            name = .text(text)
        }
    }

    private var row = RowBuffer(capacity: 512)
    private var isEmpty = true

    init() {
        row.append(byte: UInt8(ascii: "{"))
    }

    /// The finished object followed by a newline.
    consuming func finished() -> RowBuffer {
        row.append(literal: "}\n")
        return row
    }

    mutating func add(_ key: Key, _ value: String?) {
        appendKey(key)
        if let value { appendString(value) } else { row.append(literal: "null") }
    }

    mutating func add<Integer: BinaryInteger>(_ key: Key, _ value: Integer?) {
        appendKey(key)
        if let value { row.append(integer: value) } else { row.append(literal: "null") }
    }

    mutating func add(_ key: Key, _ value: Double?) {
        appendKey(key)
        if let value, value.isFinite { row.append(value.description) } else { row.append(literal: "null") }
    }

    mutating func add(_ key: Key, _ value: Bool) {
        appendKey(key)
        row.append(value ? "true" : "false")
    }

    /// Adds a value that is already JSON text (an object another encoder wrote), or `null`.
    mutating func add(_ key: Key, json: String?) {
        appendKey(key)
        row.append(json ?? "null")
    }

    mutating func add(_ key: Key, _ values: [String]) {
        add(key, array: values) { $0.appendString($1) }
    }

    /// Adds an array of integers.
    mutating func add(_ key: Key, integers values: some Sequence<Int>) {
        add(key, array: values) { $0.row.append(integer: $1) }
    }

    /// Adds an array of `elements`, each written by `appendElement`.
    private mutating func add<Element>(
        _ key: Key, array elements: some Sequence<Element>, _ appendElement: (inout JSONLine, Element) -> Void
    ) {
        appendKey(key)
        row.append(byte: UInt8(ascii: "["))
        var isFirst = true
        for element in elements {
            if !isFirst { row.append(byte: UInt8(ascii: ",")) }
            isFirst = false
            appendElement(&self, element)
        }
        row.append(byte: UInt8(ascii: "]"))
    }

    /// Adds an array of objects, one per element of `elements`, whose members `members` adds with this line's
    /// `add` methods.
    mutating func add<Element>(
        _ key: Key, objects elements: some Sequence<Element>, _ members: (inout JSONLine, Element) -> Void
    ) {
        appendKey(key)
        row.append(byte: UInt8(ascii: "["))
        var isFirst = true
        for element in elements {
            if !isFirst { row.append(byte: UInt8(ascii: ",")) }
            isFirst = false
            row.append(byte: UInt8(ascii: "{"))
            isEmpty = true
            members(&self, element)
            row.append(byte: UInt8(ascii: "}"))
        }
        row.append(byte: UInt8(ascii: "]"))
        isEmpty = false
    }

    /// Adds a local time as ISO 8601 with microseconds and the UTC offset: `2025-09-29T14:30:15.123456+02:00`.
    mutating func add(_ key: Key, _ time: LocalTimestamp?) {
        appendKey(key)
        guard let time else {
            row.append(literal: "null")
            return
        }
        row.append(byte: UInt8(ascii: "\""))
        row.append(time, dateTimeSeparator: UInt8(ascii: "T"))
        row.append(fractionOf: time, digits: 6, separator: UInt8(ascii: "."))
        row.append(utcOffsetOf: time)
        row.append(byte: UInt8(ascii: "\""))
    }

    private mutating func appendKey(_ key: Key) {
        let separated = !isEmpty
        isEmpty = false
        switch key.name {
        case .literal(let name):
            // `,"name":` stored in one go, with one bounds check: a line has some twenty members.
            let length = name.utf8CodeUnitCount
            let start = separated ? 1 : 0
            let target = row.extend(by: start + length + 3)
            if separated { target[0] = UInt8(ascii: ",") }
            target[start] = UInt8(ascii: "\"")
            (target + start + 1).initialize(from: name.utf8Start, count: length)
            target[start + length + 1] = UInt8(ascii: "\"")
            target[start + length + 2] = UInt8(ascii: ":")
        case .text(let name):
            if separated { row.append(byte: UInt8(ascii: ",")) }
            appendString(name)
            row.append(byte: UInt8(ascii: ":"))
        }
    }

    private mutating func appendString(_ text: String) {
        row.append(byte: UInt8(ascii: "\""))
        if text.containsUTF8Byte(where: Self.mustEscape) {
            for byte in text.utf8 {
                appendEscaped(byte)
            }
        } else {
            row.append(text)
        }
        row.append(byte: UInt8(ascii: "\""))
    }

    private static func mustEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): row.append(literal: "\\\"")
        case UInt8(ascii: "\\"): row.append(literal: "\\\\")
        case UInt8(ascii: "\n"): row.append(literal: "\\n")
        case UInt8(ascii: "\r"): row.append(literal: "\\r")
        case UInt8(ascii: "\t"): row.append(literal: "\\t")
        case 0x08: row.append(literal: "\\b")
        case 0x0C: row.append(literal: "\\f")
        case ..<0x20:
            row.append(literal: "\\u00")
            row.append(byte: Self.hexDigits[Int(byte >> 4)])
            row.append(byte: Self.hexDigits[Int(byte & 0x0F)])
        default: row.append(byte: byte)
        }
    }
}
