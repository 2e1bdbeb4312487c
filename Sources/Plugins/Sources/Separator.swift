/// How an arguments file line splits into fields (`-S`), by parallelr's seven names.
///
/// Fields are trimmed of surrounding whitespace and empty fields are dropped, as parallelr does: with `comma`,
/// `a,,b` has two fields, `a` and `b`, and `a, b ,` has two as well. So a run of separators counts as one for
/// every separator, not only for `space`, `whitespace` and `tab`.
public enum Separator: String, Sendable, Hashable, CaseIterable {
    /// Runs of spaces; a tab is part of a field.
    case space
    /// Runs of any whitespace: spaces, tabs and other Unicode white space.
    case whitespace
    /// Runs of tabs.
    case tab
    /// `,`
    case comma
    /// `;`
    case semicolon
    /// `|`
    case pipe
    /// `:`
    case colon

    /// A `-S` value that names no separator.
    public struct UnknownName: FlagNamingError, Hashable {
        /// The value given.
        public var name: String

        /// The message, naming what gave the value: `-S` in flags mode, the source's setting
        /// (`args-file.separator`) in a recipe or a `--set`.
        public func described(naming origin: (_ flag: String) -> String) -> String {
            "unknown separator '\(name)' (\(origin("-S"))); use one of: "
                + Separator.allCases.map(\.rawValue).joined(separator: ", ")
        }
    }

    /// The separator called `name` (case-sensitive, as parallelr's choices are).
    public init(name: String) throws(UnknownName) {
        guard let separator = Separator(rawValue: name) else { throw UnknownName(name: name) }
        self = separator
    }

    /// Splits `line` into its non-empty, trimmed fields.
    public func split(_ line: String) -> [String] {
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        for scalar in line.unicodeScalars {
            if separates(scalar) {
                append(field, to: &fields)
                field = String.UnicodeScalarView()
            } else {
                field.append(scalar)
            }
        }
        append(field, to: &fields)
        return fields
    }

    private func append(_ field: String.UnicodeScalarView, to fields: inout [String]) {
        let trimmed = PythonWhitespace.trim(field)
        if !trimmed.isEmpty { fields.append(trimmed) }
    }

    private func separates(_ scalar: Unicode.Scalar) -> Bool {
        switch self {
        case .space: scalar == " "
        case .whitespace: PythonWhitespace.contains(scalar)
        case .tab: scalar == "\t"
        case .comma: scalar == ","
        case .semicolon: scalar == ";"
        case .pipe: scalar == "|"
        case .colon: scalar == ":"
        }
    }
}
