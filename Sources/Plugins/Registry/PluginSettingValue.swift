import Foundation

/// A plugin setting's value as a front end gives it: one text (`--set`, a configuration file's scalar, a recipe's
/// string or number), or a list of elements (`-T`, a configuration file's YAML list, a recipe's Lua array).
///
/// A list stays a list on its way to the plugin: no element is split at a comma or trimmed. A list setting given as
/// text is read in the text form `--set` takes (``elements(ofText:)``), and a list is written in that form for
/// messages (``description``).
public enum PluginSettingValue: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// One text, as given.
    case text(String)
    /// Elements, each as given.
    case list([String])

    /// The text `text`.
    public init(stringLiteral text: String) {
        self = .text(text)
    }

    /// The text of a value given as text; `nil` for a list.
    public var text: String? {
        if case .text(let text) = self { text } else { nil }
    }

    /// Whether the value gives nothing: empty text, or a list of no element.
    public var isEmpty: Bool {
        switch self {
        case .text(let text): text.isEmpty
        case .list(let elements): elements.isEmpty
        }
    }

    /// The value as messages write it: text as it is, a list in the text form ``elements(ofText:)`` reads back, its
    /// elements joined with commas, a comma in one and a space at either end of one written with a backslash
    /// (`d\,1/*.sh,\ sp`).
    public var description: String {
        switch self {
        case .text(let text): text
        case .list(let elements): elements.map(Self.textForm(of:)).joined(separator: ",")
        }
    }

    /// The elements of `text`, a list in the form `--set` gives it: split at each comma, the whitespace around each
    /// element and the empty elements dropped (`a, b,,c` is `a`, `b` and `c`), except that a backslash before a comma
    /// or a space makes that character part of the element (`d\,1/*.sh` is one element, `\ sp` keeps its space).
    /// Any other backslash stays as it is, for a pattern's `\*`.
    public static func elements(ofText text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var elements: [String] = []
        // An array, whose count takes no time: a string's counted its scalars one by one, for each one kept, so that
        // one long name (`--set args-file.env=XXX…`, 100,000 letters) took half a minute.
        var element: [Unicode.Scalar] = []
        // The length of the element up to its last character that is not whitespace, or that a backslash kept.
        var kept = 0
        func finish() {
            let trimmed = String(String.UnicodeScalarView(element.prefix(kept)))
            if !trimmed.isEmpty { elements.append(trimmed) }
            element = []
            kept = 0
        }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if scalar == "\\", index < scalars.count, scalars[index] == "," || scalars[index] == " " {
                element.append(scalars[index])
                kept = element.count
                index += 1
            } else if scalar == "," {
                finish()
            } else if CharacterSet.whitespaces.contains(scalar) {
                if kept > 0 { element.append(scalar) }
            } else {
                element.append(scalar)
                kept = element.count
            }
        }
        finish()
        return elements
    }

    /// `element` as ``elements(ofText:)`` reads it back: each comma, and each space at either end, after a backslash.
    private static func textForm(of element: String) -> String {
        let scalars = Array(element.unicodeScalars)
        let leading = scalars.prefix { $0 == " " }.count
        let trailing = leading == scalars.count ? 0 : scalars.reversed().prefix { $0 == " " }.count
        var result = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == "," || index < leading || index >= scalars.count - trailing { result.append("\\") }
            result.append(scalar)
        }
        return String(result)
    }
}
