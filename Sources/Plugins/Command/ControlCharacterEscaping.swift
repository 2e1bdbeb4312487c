/// Text from a run made fit to print as part of one line for a person: a task's name (a file's name may hold a line
/// break, or an escape sequence for the terminal), a command line, a directory, a dry run's comment, a halt reason,
/// a line of the main log.
///
/// The Unicode bidirectional controls count as control characters here: a right-to-left override (U+202E) in a file's
/// name shows the rest of the line reversed, so that a listing could read otherwise than what it names.
public enum ControlCharacterEscaping {
    /// `text` with each control character written as an escape: `\n`, `\r` and `\t`, `\xNN` for the other C0
    /// controls and DEL (as prx writes a file name's bytes that are not UTF-8), `\u{NN}` for the C1 controls and
    /// `\u{202e}` for the bidirectional controls (``isBidirectionalControl(_:)``); the rest, backslashes included, as it
    /// is.
    public static func escaped(_ text: String) -> String {
        // A scan of the bytes, as the sinks' checks are: the log escapes each of its lines, a few per task.
        guard text.containsUTF8Byte(where: mayBeginControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += hexEscape(scalar)
            case _ where isControl(scalar) || isBidirectionalControl(scalar):
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `bytes` as text made fit to print as ``escaped(_:)`` makes it, each byte that is not part of UTF-8 written
    /// `\xNN` as a control character is: how prx names an argument or a variable that is not UTF-8, which Swift's
    /// `String(cString:)` and `CommandLine.arguments` would show with U+FFFD in place of its bytes.
    public static func escaped(bytes: some Collection<UInt8>) -> String {
        escaped(decodedShowingBytesNotUTF8(bytes))
    }

    /// `bytes` decoded as UTF-8, each byte that is not part of UTF-8 written `\xNN` where Swift's
    /// `String(decoding:as:)` would put U+FFFD (the same for every byte); control characters stay as they are, for
    /// ``escaped(_:)`` where the text is printed: how prx shows an arguments file's line that is not UTF-8.
    public static func decodedShowingBytesNotUTF8(_ bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        var text = ""
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                text.unicodeScalars.append(Unicode.UTF8.decode(encoded))
                offset += encoded.count
            case .error(let length):
                text += bytes[offset..<(offset + length)].map { hexEscape(Unicode.Scalar($0)) }.joined()
                offset += length
            case .emptyInput:
                return text
            }
        }
    }

    /// `scalar`, below 0x100, as `\xNN` (two lowercase hex digits): how prx shows a control character in one line,
    /// here and in a YAML scalar (the command's `ConfigurationScalar.quoted(_:)`).
    public static func hexEscape(_ scalar: Unicode.Scalar) -> String {
        "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
    }

    /// `scalar`, in the Basic Multilingual Plane, as JSON's `\uNNNN` (four lowercase hex digits): how a JSON text
    /// prx shows writes a control character (`prx history --json`, the feedback in `prx status`).
    public static func jsonEscape(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Whether ``escaped(_:)`` writes `scalar` as an escape: a C0 or C1 control character, DEL, or a bidirectional
    /// control.
    public static func escapes(_ scalar: Unicode.Scalar) -> Bool {
        isControl(scalar) || isBidirectionalControl(scalar)
    }

    /// Whether `scalar` is one of Unicode's bidirectional controls (the `Bidi_Control` property): the Arabic letter
    /// mark U+061C, the left-to-right and right-to-left marks U+200E and U+200F, the embeddings and overrides U+202A
    /// to U+202E, and the isolates U+2066 to U+2069. Each is invisible, and changes the order in which what follows it
    /// on the line is shown.
    public static func isBidirectionalControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Whether `byte`, of a character's UTF-8, is a C0 control or DEL, or may begin a C1 or a bidirectional control:
    /// 0xC2 begins those (U+0080 to U+009F) and the characters up to U+00BF, 0xD8 the Arabic letter mark and the
    /// characters around it, 0xE2 the others and the characters from U+2000 to U+2FFF (punctuation, arrows, symbols),
    /// which ``escaped(_:)`` then leaves as they are.
    private static func mayBeginControl(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2
    }

    /// Whether `scalar` is a C0 or C1 control character, or DEL.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
