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

    /// The values of an object of strings, or `nil` when `text` is not one.
    public static func parse(_ text: String) -> [String: String]? {
        try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }
}
