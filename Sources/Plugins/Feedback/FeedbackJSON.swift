import Foundation

/// Feedback as one line of JSON, an object of strings with its keys sorted: `{"progress":"90","step":"copy"}`.
///
/// The form `prx feedback RUN TASK` prints and a result's feedback metadata holds. The keys are sorted because a
/// dictionary keeps no order, and sorted output is the same on every run.
public enum FeedbackJSON {
    /// The object for `values`, without a line end.
    public static func render(_ values: [String: String]) -> String {
        var line = JSONLine()
        for key in values.keys.sorted() {
            line.add(JSONLine.Key(key), values[key])
        }
        return String(decoding: line.finished().bytes.dropLast(), as: UTF8.self)
    }

    /// The object for `values` as ``render(_:)`` writes it, with each control character that JSON leaves as it is
    /// (DEL, the C1 controls, the bidirectional controls: ``ControlCharacterEscaping/escapes(_:)``) written as a `\u`
    /// escape, so that the line still reads as the same JSON: for a line shown to a person (`prx status`), where an
    /// 8-bit CSI (U+009B) could act on the terminal and a right-to-left override (U+202E) show the rest of the line
    /// reversed. Such characters stand only inside the object's strings, where JSON takes the escape.
    public static func renderForALine(_ values: [String: String]) -> String {
        var text = ""
        for scalar in render(values).unicodeScalars {
            guard ControlCharacterEscaping.escapes(scalar) else {
                text.unicodeScalars.append(scalar)
                continue
            }
            text += ControlCharacterEscaping.jsonEscape(scalar)
        }
        return text
    }

    /// The values of an object of strings, or `nil` when `text` is not one.
    public static func parse(_ text: String) -> [String: String]? {
        try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }
}
