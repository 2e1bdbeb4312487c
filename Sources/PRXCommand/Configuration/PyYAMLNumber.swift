import PRXPlugins

/// A number of a configuration file as PyYAML's `safe_load`, and so parallelr, reads it: YAML 1.1's integers
/// (`20`, `010` in octal, `0b101`, `0x1F`, `1_000`, `1:30` in base 60) and floats (`0.5`, `1.0e+3`, `.inf`, `1:30.5`).
///
/// A plain scalar PyYAML reads as neither is text (`1e3`, `1.0e3`: an exponent needs a point and a sign; `0o10`,
/// YAML 1.2's octal), which a key converts as parallelr does, with Python's `int()` or `float()`. A quoted one is
/// text too (`"010"`, which `int()` reads as ten).
enum PyYAMLNumber: Sendable, Hashable {
    /// An integer `Int` holds.
    case integer(Int)
    /// An integer beyond `Int`'s range (Python's integers have no bounds), as the float nearest it, which a decimal key
    /// reads as Python's `float()` does, and which a whole-number key refuses as out of range.
    case largeInteger(Double)
    /// A float.
    case float(Double)

    /// PyYAML's rule for a plain scalar that is an integer (its `Resolver`'s `tag:yaml.org,2002:int`), where Yams'
    /// own takes `0o10` and leaves `010` decimal.
    static let integerPattern = """
        ^(?:[-+]?0b[0-1_]+\
        |[-+]?0[0-7_]+\
        |[-+]?(?:0|[1-9][0-9_]*)\
        |[-+]?0x[0-9a-fA-F_]+\
        |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$
        """

    /// PyYAML's rule for a plain scalar that is a float (`tag:yaml.org,2002:float`), where Yams' own takes `1e3`.
    static let floatPattern = """
        ^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?\
        |\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?\
        |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*\
        |[-+]?\\.(?:inf|Inf|INF)\
        |\\.(?:nan|NaN|NAN))$
        """

    /// The integer `text` writes, as PyYAML's `construct_yaml_int` reads a scalar tagged an integer (by
    /// ``integerPattern``, or in the file: `!!int "010"`); `nil` for text it cannot read (`0b_`, `!!int "abc"`).
    init?(integer text: String) {
        var digits = Substring(text.filter { $0 != "_" })
        let sign = digits.first == "-" ? -1 : 1
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        let value: PyYAMLNumber?
        if digits.hasPrefix("0b") {
            value = Self.integer(digits.dropFirst(2), radix: 2, sign: sign)
        } else if digits.hasPrefix("0x") {
            value = Self.integer(digits.dropFirst(2), radix: 16, sign: sign)
        } else if digits.contains(":") {
            value = Self.sexagesimal(digits, sign: sign)
        } else {
            value = Self.integer(digits, radix: digits.count > 1 && digits.first == "0" ? 8 : 10, sign: sign)
        }
        guard let value else { return nil }
        self = value
    }

    /// The float `text` writes, as PyYAML's `construct_yaml_float` reads a scalar tagged a float (by
    /// ``floatPattern``, or in the file: `!!float 1e3`), with Python's `float()`; `nil` for text it cannot read.
    init?(float text: String) {
        var digits = Substring(text.filter { $0 != "_" }.lowercased())
        let sign: Double = digits.first == "-" ? -1 : 1
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        let value: Double?
        switch digits {
        case ".inf": value = .infinity
        case ".nan": value = .nan
        default:
            value = digits.contains(":")
                ? digits.split(separator: ":").reduce(0.0) { value, part in
                    value * 60 + (PythonNumberText.decimal(String(part)) ?? .nan)
                }
                : PythonNumberText.decimal(String(digits))
        }
        guard let value else { return nil }
        self = .float(sign * value)
    }

    /// The number as the text of a plugin setting or a key of text (`8` for `010`, `10` for `10.0`, `10.5` for
    /// `1_0.5`), or `written`, its text as written, for a number that has no such text: an integer beyond `Int`'s
    /// range, a float as large (`1.0e+30`). A plugin setting takes 64-bit numbers only, and so refuses such a one by
    /// what the file says. An infinite float or one that is not a number is `inf`, `-inf` or `nan`, as Python writes
    /// it and as `--set` gives it, so that a setting refuses `.inf` as out of its range, as it refuses `--set …=inf`.
    /// A fraction keeps every digit that reads back as the float (`0.30000000000000004`), which
    /// ``Swift/Double/plainText``, for messages, rounds.
    func settingText(written: String) -> String {
        switch self {
        case .integer(let value): String(value)
        case .largeInteger: written
        case .float(let value) where value.isNaN: "nan"
        case .float(let value) where value.isInfinite: value < 0 ? "-inf" : "inf"
        case .float(let value) where abs(value) >= 1e15: written
        case .float(let value): value.rounded() == value ? value.plainText : String(value)
        }
    }

    /// The number as a float, as Python's `float()` of it.
    var value: Double {
        switch self {
        case .integer(let value): Double(value)
        case .largeInteger(let value), .float(let value): value
        }
    }

    /// `digits` (without sign or prefix) in `radix`, times `sign`; `nil` for no digits.
    private static func integer(_ digits: Substring, radix: Int, sign: Int) -> PyYAMLNumber? {
        let places = digits.compactMap { $0.hexDigitValue.flatMap { $0 < radix ? $0 : nil } }
        guard !digits.isEmpty, places.count == digits.count else { return nil }
        return positional(places, base: radix, sign: sign)
    }

    /// The integer of `digits`'s decimal parts in base 60 (`1:30` is 90), times `sign`.
    private static func sexagesimal(_ digits: Substring, sign: Int) -> PyYAMLNumber? {
        let parts = digits.split(separator: ":").compactMap { integer($0, radix: 10, sign: 1) }
        guard parts.count == digits.count(where: { $0 == ":" }) + 1 else { return nil }
        let places = parts.compactMap { part in if case .integer(let value) = part { value } else { nil } }
        // A part beyond `Int`'s range makes the whole one beyond it.
        guard places.count == parts.count else {
            return .largeInteger(Double(sign) * parts.reduce(0.0) { $0 * 60 + $1.value })
        }
        return positional(places, base: 60, sign: sign)
    }

    /// The integer whose places in `base`, the first the most significant, are `places`, times `sign`: an
    /// ``integer(_:)`` when `Int` holds it, else a ``largeInteger(_:)``.
    private static func positional(_ places: [Int], base: Int, sign: Int) -> PyYAMLNumber {
        // Counted towards the sign, so that `Int.min` is held.
        var value = 0
        for place in places {
            let (shifted, overflow) = value.multipliedReportingOverflow(by: base)
            let (sum, overflowAgain) =
                sign < 0 ? shifted.subtractingReportingOverflow(place) : shifted.addingReportingOverflow(place)
            guard !overflow && !overflowAgain else {
                return .largeInteger(Double(sign) * places.reduce(0.0) { $0 * Double(base) + Double($1) })
            }
            value = sum
        }
        return .integer(value)
    }
}
