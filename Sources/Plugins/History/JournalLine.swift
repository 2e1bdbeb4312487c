#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The top-level members of one journal line, a JSON object, found without building the object: a task's line is
/// read for a few of its members, and building every member and its boxes (`JSONSerialization`) took most of the
/// time reading a million-task journal took.
///
/// The scan follows JSON's grammar as far as finding members needs: strings with their escapes, and nested
/// arrays and objects skipped by depth. A line that is not one whole object (a torn last line) is `nil`.
struct JournalLine {
    private let bytes: [UInt8]
    /// Each member's key and value, as ranges of `bytes`: the key without its quotes, the value as written.
    private var members: [(key: Range<Int>, value: Range<Int>)] = []

    /// Scans `text`; `nil` when it is not one JSON object (whitespace around it allowed).
    init?(_ text: String) {
        bytes = Array(text.utf8)
        guard scanMembers() == .whole else { return nil }
    }

    /// Scans the first bytes of a line that may go on past them (the start of a file, read up to a bound): the
    /// members that are whole and followed by more of the line, up to the first that is not; `nil` when the bytes
    /// do not open an object.
    init?(startOf bytes: ArraySlice<UInt8>) {
        self.bytes = Array(bytes)
        guard scanMembers() != .notAnObject else { return nil }
    }

    /// How far a scan of the members got.
    private enum Scan {
        /// The line does not open an object.
        case notAnObject
        /// The object ends before its closing brace, or holds something that is not a member.
        case cutShort
        /// The line is one whole object.
        case whole
    }

    /// Records the members of the object the line holds, each once it and what follows it are read. A UTF-8 byte order
    /// mark before it is passed over, as `JSONSerialization` passes it: an editor may save a journal with one before
    /// its first line, which the listing of the runs read and `prx history RUN` and `--resume` did not.
    private mutating func scanMembers() -> Scan {
        var members: [(key: Range<Int>, value: Range<Int>)] = []
        let scan = bytes.withUnsafeBufferPointer { Self.scanMembers(of: $0, into: &members) }
        self.members = members
        return scan
    }

    /// ``scanMembers()`` of `bytes`, through a pointer: a task's line holds its arguments line, up to 16 MiB, two or
    /// three times, and indexing the array byte by byte took seconds a megabyte in a debug build.
    private static func scanMembers(
        of bytes: UnsafeBufferPointer<UInt8>, into members: inout [(key: Range<Int>, value: Range<Int>)]
    ) -> Scan {
        var position = skipSpace(in: bytes, from: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0)
        guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else { return .notAnObject }
        position = skipSpace(in: bytes, from: position + 1)
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            return skipSpace(in: bytes, from: position + 1) == bytes.count ? .whole : .cutShort
        }
        while true {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\""),
                let keyEnd = endOfString(in: bytes, from: position)
            else { return .cutShort }
            let key = (position + 1)..<(keyEnd - 1)
            position = skipSpace(in: bytes, from: keyEnd)
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return .cutShort }
            position = skipSpace(in: bytes, from: position + 1)
            guard let valueEnd = endOfValue(in: bytes, from: position) else { return .cutShort }
            let value = position..<valueEnd
            position = skipSpace(in: bytes, from: valueEnd)
            // A literal that runs to the end of what was read may go on past it (`12` of `123`).
            guard position < bytes.count else { return .cutShort }
            members.append((key, value))
            if bytes[position] == UInt8(ascii: "}") { break }
            guard bytes[position] == UInt8(ascii: ",") else { return .cutShort }
            position = skipSpace(in: bytes, from: position + 1)
        }
        return skipSpace(in: bytes, from: position + 1) == bytes.count ? .whole : .cutShort
    }

    /// The member `key` as written (`"text"`, `12`, `null`, `{…}`); `nil` when the line has none.
    func raw(_ key: String) -> ArraySlice<UInt8>? {
        guard let member = members.first(where: { bytes[$0.key].elementsEqual(key.utf8) }) else { return nil }
        return bytes[member.value]
    }

    /// The string member `key`, its escapes decoded; `nil` when it is missing or not a string.
    func string(_ key: String) -> String? {
        guard let value = raw(key), value.first == UInt8(ascii: "\""), value.count >= 2 else { return nil }
        let inner = value.dropFirst().dropLast()
        guard Self.firstBackslash(in: inner, from: inner.startIndex) != nil else {
            return String(decoding: inner, as: UTF8.self)
        }
        return Self.unescaped(inner)
    }

    /// The integer member `key`; `nil` when it is missing or not an integer.
    func integer(_ key: String) -> Int? {
        raw(key).flatMap { Int(String(decoding: $0, as: UTF8.self)) }
    }

    /// The number member `key`; `nil` when it is missing, not a JSON number, or one no `Double` holds (`1e999`).
    /// `Double` also reads what JSON has no number for (`-nan`, `-inf`, `0x1p3`) and takes `1e999` for infinity, which
    /// `prx history RUN --json` wrote as they are (`"duration" : inf`), so that its output was no JSON.
    func number(_ key: String) -> Double? {
        guard let value = raw(key), Self.isJSONNumber(value),
            let number = Double(String(decoding: value, as: UTF8.self)), number.isFinite
        else { return nil }
        return number
    }

    /// Whether `text` is a number as JSON writes one: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`.
    private static func isJSONNumber(_ text: ArraySlice<UInt8>) -> Bool {
        var position = text.startIndex
        /// Moves past the digits at `position`; whether there was one.
        func digits() -> Bool {
            let start = position
            while position < text.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[position]) {
                position += 1
            }
            return position > start
        }
        if position < text.endIndex, text[position] == UInt8(ascii: "-") { position += 1 }
        if position < text.endIndex, text[position] == UInt8(ascii: "0") {
            position += 1
        } else if !digits() {
            return false
        }
        if position < text.endIndex, text[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() else { return false }
        }
        if position < text.endIndex, text[position] == UInt8(ascii: "e") || text[position] == UInt8(ascii: "E") {
            position += 1
            if position < text.endIndex, text[position] == UInt8(ascii: "-") || text[position] == UInt8(ascii: "+") {
                position += 1
            }
            guard digits() else { return false }
        }
        return position == text.endIndex
    }

    // MARK: Scanning

    private static func skipSpace(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var position = start
        while position < bytes.count,
            bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t")
                || bytes[position] == UInt8(ascii: "\n") || bytes[position] == UInt8(ascii: "\r")
        {
            position += 1
        }
        return position
    }

    /// The position after the string that opens at `start`, its closing quote included: the first quote after it
    /// that an odd number of backslashes does not escape, found by `memchr`.
    private static func endOfString(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var position = start + 1
        while position < bytes.count,
            let found = memchr(base + position, Int32(UInt8(ascii: "\"")), bytes.count - position)
        {
            let quote = UnsafeRawPointer(base).distance(to: found)
            var backslash = quote - 1
            while backslash > start && bytes[backslash] == UInt8(ascii: "\\") {
                backslash -= 1
            }
            if (quote - 1 - backslash) % 2 == 0 { return quote + 1 }
            position = quote + 1
        }
        return nil
    }

    /// The position after the value that starts at `start`: a string, an array or object (to its matching end),
    /// or a literal (a number, `true`, `false`, `null`) up to the next `,`, `}`, `]` or white space.
    private static func endOfValue(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return endOfString(in: bytes, from: start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var position = start
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    guard let end = endOfString(in: bytes, from: position) else { return nil }
                    position = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return position + 1 }
                default:
                    break
                }
                position += 1
            }
            return nil
        default:
            var position = start
            let ends: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D]
            while position < bytes.count, !ends.contains(bytes[position]) {
                position += 1
            }
            return position > start ? position : nil
        }
    }

    /// The index of the first backslash of `text` at or after `start`, found by `memchr`.
    private static func firstBackslash(in text: ArraySlice<UInt8>, from start: Int) -> Int? {
        text.withUnsafeBufferPointer { buffer in
            let offset = start - text.startIndex
            guard let base = buffer.baseAddress, offset < buffer.count,
                let found = memchr(base + offset, Int32(UInt8(ascii: "\\")), buffer.count - offset)
            else { return nil }
            return text.startIndex + UnsafeRawPointer(base).distance(to: found)
        }
    }

    /// The text of a JSON string's inside with its escapes decoded (`\n`, `\"`, `\u00e9`, surrogate pairs); an
    /// escape that is not JSON's is kept as written.
    private static func unescaped(_ inner: ArraySlice<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(inner.count)
        var position = inner.startIndex
        while position < inner.endIndex {
            // The bytes before the next escape, in one copy.
            let backslash = firstBackslash(in: inner, from: position) ?? inner.endIndex
            text.append(contentsOf: inner[position..<backslash])
            position = backslash
            guard position + 1 < inner.endIndex else {
                text.append(contentsOf: inner[position...])
                break
            }
            let escape = inner[position + 1]
            position += 2
            switch escape {
            case UInt8(ascii: "n"): text.append(UInt8(ascii: "\n"))
            case UInt8(ascii: "t"): text.append(UInt8(ascii: "\t"))
            case UInt8(ascii: "r"): text.append(UInt8(ascii: "\r"))
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "u"):
                guard var scalar = hexValue(inner, at: position) else {
                    text += [UInt8(ascii: "\\"), escape]
                    continue
                }
                position += 4
                if (0xD800..<0xDC00).contains(scalar), position + 6 <= inner.endIndex,
                    inner[position] == UInt8(ascii: "\\"), inner[position + 1] == UInt8(ascii: "u"),
                    let low = hexValue(inner, at: position + 2), (0xDC00..<0xE000).contains(low)
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    position += 6
                }
                text += Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: text.append(escape)
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The four hexadecimal digits at `position`, as a number.
    private static func hexValue(_ bytes: ArraySlice<UInt8>, at position: Int) -> UInt32? {
        guard position + 4 <= bytes.endIndex else { return nil }
        var value: UInt32 = 0
        for byte in bytes[position..<(position + 4)] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
