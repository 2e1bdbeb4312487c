/// Why a Lua value has no ``LuaValue`` form, and where in it: what a ``LuaError/Reason/conversion`` error says, in
/// the words of where the value came from (an argument of a Swift function, what a function returned, a global).
///
/// The place is the keys from the value read down to the part that has no form, as the recipe wrote them: `after`,
/// `element 2`, `env.HOME`. A table that contains itself is named where it first appears (the table that a field
/// holds, not the field inside it that holds it again), and one nested too deeply by the field that holds the nest.
struct LuaConversionFailure: Error {
    /// What has no Swift form.
    enum Problem {
        /// A table that holds itself, directly or deeper down.
        case containsItself
        /// Tables nested deeper than ``LuaStack/maximumDepth``.
        case nestedTooDeeply
        /// A string that is not UTF-8, its bytes that are not ASCII written `\xNN`.
        case notUTF8(String)
        /// A table with a key that is not UTF-8, its bytes written as for ``notUTF8(_:)``.
        case keyNotUTF8(String)
        /// A table with a key that is neither an integer nor a string: `a boolean`, `the float 1.5`.
        case keyOfWrongType(String)
        /// A value of a type Swift holds nothing for: `userdata`, `thread`.
        case typeWithoutValue(String)
    }

    /// What has no Swift form.
    var problem: Problem
    /// The keys from the value read to the part that has no form; empty for the value itself.
    var path: [LuaKey]

    /// Paths longer than this are shown by their first and last keys.
    private static let longestPathShown = 8

    /// The problem said of the value itself, as a noun phrase: `a table that contains itself`, `a string that is not
    /// UTF-8 (it reads '\xff'); prx takes text as UTF-8`; for a part of it, of the table holding that part: `a table
    /// whose after is a table that contains itself`.
    var valueDescription: String {
        guard let place else { return problem.noun }
        return "a table whose \(problem.said(of: place))"
    }

    /// The problem said of `subject`, the value read, and of the part of it that has no form: `after is a table that
    /// contains itself` for the part `after` of a value a function got as its only argument (no `subject`), `path in
    /// argument 2 is …` for the part `path` of its second, `argument 2 is …` for that argument itself.
    func sentence(subject: String?) -> String {
        switch (place, subject) {
        case (nil, let subject?): problem.said(of: subject)
        case (let place?, nil): problem.said(of: place)
        case (let place?, let subject?): problem.said(of: "\(place) in \(subject)")
        case (nil, nil): problem.noun
        }
    }

    /// The part of the value that has no form, as the recipe writes its keys (`after`, `element 2`, `env.HOME`,
    /// `after[1]`, `x["a b"]`); `nil` for the value itself.
    var place: String? {
        guard let first = path.first else { return nil }
        if path.count == 1, case .integer(let index) = first { return "element \(index)" }
        let shown = path.count > Self.longestPathShown
            ? Array(path.prefix(Self.longestPathShown / 2)) + [nil] + path.suffix(Self.longestPathShown / 2 - 1)
            : path.map { Optional($0) }
        var text = ""
        for key in shown {
            switch key {
            case nil: text += "…"
            case .integer(let index)?: text += "[\(index)]"
            case .string(let name)? where Self.isIdentifier(name):
                text += text.isEmpty || text.hasSuffix("…") ? name : ".\(name)"
            case .string(let name)?: text += "[\"\(name)\"]"
            }
        }
        return text
    }

    /// Whether `name` can be written after a dot: a Lua name (letters, digits and `_`, not starting with a digit).
    private static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic
            || ("0"..."9").contains($0)) }
    }
}

extension LuaConversionFailure.Problem {
    /// The problem as a noun phrase for the value that has it: `a table that contains itself`.
    var noun: String {
        switch self {
        case .containsItself: "a table that contains itself"
        case .nestedTooDeeply: "tables nested deeper than \(LuaStack.maximumDepth) levels"
        case .notUTF8(let bytes): "a string that is not UTF-8 (it reads '\(bytes)'); prx takes text as UTF-8"
        case .keyNotUTF8(let bytes):
            "a table with a key that is not UTF-8 (it reads '\(bytes)'); prx takes text as UTF-8"
        case .keyOfWrongType(let key): "a table with \(key) as a key, where prx takes integers and strings"
        case .typeWithoutValue(let type): "a \(type), which prx cannot take"
        }
    }

    /// The problem said of `subject`, the value (or part) that has it: `after is a table that contains itself`.
    func said(of subject: String) -> String {
        switch self {
        case .containsItself, .typeWithoutValue: "\(subject) is \(noun)"
        case .nestedTooDeeply: "\(subject) holds \(noun)"
        case .notUTF8(let bytes): "\(subject) is not UTF-8 (it reads '\(bytes)'); prx takes text as UTF-8"
        case .keyNotUTF8(let bytes):
            "\(subject) has a key that is not UTF-8 (it reads '\(bytes)'); prx takes text as UTF-8"
        case .keyOfWrongType(let key): "\(subject) has \(key) as a key, where prx takes integers and strings"
        }
    }
}
