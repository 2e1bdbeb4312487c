import Foundation

/// One conversion of Python's printf-style `%` formatting, the part of a logging format's field after its
/// `%(attribute)`: flags (`-` align left, `0` pad a number with zeros, `+` and space sign a positive number, `#` the
/// alternate form), a width, a `.precision`, one length modifier `h`, `l` or `L` that Python ignores, and a type, one
/// of `d i o u x X e E f F g G c r s a`. ``write(_:)`` makes of a value the text Python's `%` operator makes.
struct PercentConversion: Sendable, Hashable {
    /// A value a conversion writes: a Python `str`, `int` or `float`.
    enum Argument {
        case text(String)
        case integer(Int)
        case number(Double)
    }

    /// The kind of ``Argument`` a value is, to check a conversion against it before there is a value.
    enum ArgumentType: Sendable {
        case text, integer, number
    }

    /// What the type makes of the value.
    enum Kind: Sendable, Hashable {
        /// `s`, `r`, `a`: Python's `str()`, `repr()` or `ascii()` of the value.
        case str, repr, ascii
        /// `d`, `i`, `u` (radix 10), `o` (8), `x` and `X` (16): a whole number.
        case integer(radix: Int, uppercase: Bool)
        /// `e`, `E`, `f`, `F`, `g`, `G`: a number written as C's `printf` writes it, as Python's `%` does.
        case floatingPoint(Character)
        /// `c`: the character whose code point the value is.
        case character
    }

    var alignsLeft = false
    var padsWithZeros = false
    var signsPositive = false
    var spacesPositive = false
    var alternateForm = false
    var width = 0
    var precision: Int?
    var kind: Kind

    /// A conversion that writes the value as Python's `str()` does, with no width or precision.
    static let plain = PercentConversion(kind: .str)

    /// The longest width or precision taken; a larger one is cut to it, so that a typo cannot make every line huge.
    static let largestWidth = 1000

    private init(kind: Kind) {
        self.kind = kind
    }

    /// Reads the conversion starting at `index` in `bytes`, leaving `index` after its type.
    ///
    /// Returns nil for what Python's `%` cannot fill from a log record: no type or an unknown one, or a `*` width or
    /// precision (which takes an argument of its own).
    init?(reading bytes: [UInt8], at index: inout Int) {
        kind = .str
        flags: while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "-"): alignsLeft = true
            case UInt8(ascii: "0"): padsWithZeros = true
            case UInt8(ascii: "+"): signsPositive = true
            case UInt8(ascii: " "): spacesPositive = true
            case UInt8(ascii: "#"): alternateForm = true
            default: break flags
            }
            index += 1
        }
        width = Self.number(in: bytes, at: &index) ?? 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            precision = Self.number(in: bytes, at: &index) ?? 0
        }
        // One, as Python reads it: a second (`%(levelno)lld`) is an unsupported format character there.
        if index < bytes.count, [UInt8]("hlL".utf8).contains(bytes[index]) { index += 1 }
        guard index < bytes.count, let kind = Self.kind(of: bytes[index]) else { return nil }
        self.kind = kind
        index += 1
    }

    /// The decimal number at `index`, if there is one, at most ``largestWidth``.
    private static func number(in bytes: [UInt8], at index: inout Int) -> Int? {
        var value: Int?
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            value = min((value ?? 0) * 10 + Int(bytes[index] - UInt8(ascii: "0")), largestWidth)
            index += 1
        }
        return value
    }

    private static func kind(of type: UInt8) -> Kind? {
        switch Character(Unicode.Scalar(type)) {
        case "s": .str
        case "r": .repr
        case "a": .ascii
        case "d", "i", "u": .integer(radix: 10, uppercase: false)
        case "o": .integer(radix: 8, uppercase: false)
        case "x": .integer(radix: 16, uppercase: false)
        case "X": .integer(radix: 16, uppercase: true)
        case let type where "eEfFgG".contains(type): .floatingPoint(type)
        case "c": .character
        default: nil
        }
    }

    /// Whether the conversion writes the value as it comes, as Python's `str()` does with nothing to pad or cut.
    var isPlain: Bool { self == Self.plain }

    /// Why Python's `%` refuses a value of `type` for this conversion (it raises a `TypeError` for every line), or
    /// nil when it takes it.
    func refusal(of type: ArgumentType) -> String? {
        switch (kind, type) {
        case (.str, _), (.repr, _), (.ascii, _), (.integer(radix: 10, _), .number), (.floatingPoint, .number),
            (_, .integer):
            nil
        case (_, .text): "is text: write it with s, r or a"
        case (.integer, .number), (.character, .number):
            "is not a whole number: write it with d, i, u, e, E, f, F, g, G, s, r or a"
        }
    }

    /// `argument` as Python's `%` writes it with this conversion, width and padding included; the caller has
    /// checked the conversion takes its type (``refusal(of:)``).
    func write(_ argument: Argument) -> String {
        switch (kind, argument) {
        case (.str, _): padded(Self.str(argument), precisionCuts: true)
        case (.repr, .text(let text)): padded(PythonRepr.repr(text), precisionCuts: true)
        case (.ascii, .text(let text)): padded(PythonRepr.ascii(text), precisionCuts: true)
        case (.repr, _), (.ascii, _): padded(Self.str(argument), precisionCuts: true)
        case (.integer(let radix, let uppercase), .integer(let value)):
            integer(value, radix: radix, uppercase: uppercase)
        case (.integer(let radix, let uppercase), .number(let value)):
            integer(Int(exactly: value.rounded(.towardZero)) ?? 0, radix: radix, uppercase: uppercase)
        case (.floatingPoint(let type), .integer(let value)): floatingPoint(Double(value), type: type)
        case (.floatingPoint(let type), .number(let value)): floatingPoint(value, type: type)
        case (.character, .integer(let value)):
            // Python fails on a code point that is no character; prx writes the replacement character instead.
            padded(UInt32(exactly: value).flatMap(Unicode.Scalar.init).map(String.init) ?? "\u{FFFD}")
        case (.integer, .text), (.floatingPoint, .text), (.character, _): Self.str(argument)
        }
    }

    /// Python's `str()` of `argument`: a float as its shortest round-trip digits, `446.0`.
    private static func str(_ argument: Argument) -> String {
        switch argument {
        case .text(let text): text
        case .integer(let value): String(value)
        case .number(let value): String(value)
        }
    }

    /// `text` cut to the precision when `precisionCuts`, then padded with spaces to the width; both count code
    /// points, as Python's do.
    private func padded(_ text: String, precisionCuts: Bool = false) -> String {
        var scalars = text.unicodeScalars.count
        var shown = text
        if precisionCuts, let precision, precision < scalars {
            shown = String(String.UnicodeScalarView(text.unicodeScalars.prefix(precision)))
            scalars = precision
        }
        let padding = String(repeating: " ", count: max(width - scalars, 0))
        return alignsLeft ? shown + padding : padding + shown
    }

    /// A whole number as Python writes it: at least `precision` digits, the sign (`-`, or `+` or a space for a
    /// positive one when asked), `0o`, `0x` or `0X` in the alternate form, and zeros between those and the digits
    /// for a `0` flag's width.
    private func integer(_ value: Int, radix: Int, uppercase: Bool) -> String {
        var digits = String(value.magnitude, radix: radix, uppercase: uppercase)
        if let precision, precision > digits.count {
            digits = String(repeating: "0", count: precision - digits.count) + digits
        }
        let sign = value < 0 ? "-" : signsPositive ? "+" : spacesPositive ? " " : ""
        let base = !alternateForm ? "" : radix == 8 ? "0o" : radix == 16 ? (uppercase ? "0X" : "0x") : ""
        let length = sign.count + base.count + digits.count
        guard padsWithZeros && !alignsLeft && width > length else { return padded(sign + base + digits) }
        return sign + base + String(repeating: "0", count: width - length) + digits
    }

    /// A number as C's `printf` writes it with the same flags, width, precision (6 when none) and type, which is
    /// what Python writes for a finite number.
    private func floatingPoint(_ value: Double, type: Character) -> String {
        var specification = "%"
        for (flag, isSet) in [("-", alignsLeft), ("0", padsWithZeros), ("+", signsPositive), (" ", spacesPositive),
            ("#", alternateForm)] where isSet {
            specification += flag
        }
        specification += "\(width).\(precision ?? 6)\(type)"
        return String(format: specification, value)
    }
}
