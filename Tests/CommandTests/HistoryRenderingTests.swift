import Foundation
import PRXPlugins
import Testing
@testable import PRXCommand

@Suite struct HistoryRenderingTests {
    /// A cell wider than its column was measured (a journal that grew between `prx history RUN`'s two readings)
    /// pushes its row's rest to the right: the padding's negative width stopped prx with a fatal error.
    @Test func aCellWiderThanMeasuredPushesItsRowRight() {
        var columns = HistoryRendering.Columns(header: ["ID", "STATUS", "LABEL"])
        columns.measure(["1", "SUCCESS", "a"])
        #expect(columns.line(["ID", "STATUS", "LABEL"]) == "ID  STATUS   LABEL")
        #expect(columns.line(["10000", "CANCELLED", "b"]) == "10000  CANCELLED  b")
    }

    /// The table escapes control characters, where it printed them raw: a line break in a file's name made a row
    /// of its own, an escape sequence spoke to the terminal. Other text, backslashes included, is as it is.
    @Test(arguments: [
        ("a\nb\rc\td", #"a\nb\rc\td"#), ("\u{1B}[31mred\u{0}\u{7F}", #"\x1b[31mred\x00\x7f"#),
        ("\u{85}\u{9B}", #"\u{85}\u{9b}"#), (#"é😀 \xff\n"#, #"é😀 \xff\n"#),
        ("°£\u{A0}\u{9F}", "°£\u{A0}" + #"\u{9f}"#),
    ])
    func controlCharactersAreEscaped(text: String, shown: String) {
        #expect(ControlCharacterEscaping.escaped(text) == shown)
    }

    /// `prx history RUN --json` writes each task itself, a task at a time: what it writes is what
    /// `JSONSerialization` writes for the same object inside the `tasks` array, for labels with every kind of
    /// character that is escaped and durations that are whole, tiny and huge.
    @Test(arguments: [
        ("t1", 0.0023310184478759766, Int?.some(0)), ("a/b \"c\" \\d\te\u{1}f\u{7f}\u{8}\u{C}\r\n", 1.0, 3),
        ("é😀\u{2028}\u{0}", 1e-7, nil), ("", 1.2345678901234568e+17, -1), ("x", 12.5, 255),
    ])
    func aTaskIsWrittenAsJSONSerializationWritesIt(label: String, duration: Double, exitCode: Int?) throws {
        for duration in [duration, nil] {
            // A task without an exit code here was ended by a signal.
            let task = RunRecord.TaskRecord(
                id: 42, key: "00ff00ff00ff00ff", label: label, status: "SUCCESS", exitCode: exitCode,
                signal: exitCode == nil ? 9 : nil, duration: duration, attempts: 2)
            let object: [String: Any] = [
                "tasks": [[
                    "id": task.id, "key": task.key, "label": task.label, "status": task.status,
                    "exit_code": task.exitCode as Any, "signal": task.signal as Any, "duration": task.duration as Any,
                    "attempts": task.attempts,
                ]],
            ]
            let encoded = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            let lines = String(decoding: encoded, as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: false)
            // The element's lines between `  "tasks" : [` and `  ]`.
            #expect(HistoryRendering.jsonElement(task) == lines[2..<(lines.count - 2)].joined(separator: "\n"))
        }
    }

    /// In a run whose executor reports placements, a task has its placement's `job_id` and `host` among its members,
    /// `null` where not known, written as `JSONSerialization` writes them.
    @Test(arguments: [
        RunRecord.Placement(attempt: 2, jobID: "81234", host: "c017/é\n"),
        RunRecord.Placement(attempt: 1, jobID: nil, host: "c017"), nil,
    ])
    func aPlacedTaskIsWrittenAsJSONSerializationWritesIt(placement: RunRecord.Placement?) throws {
        let task = RunRecord.TaskRecord(
            id: 7, key: "00ff00ff00ff00ff", label: "t7", status: "RUNNING", exitCode: nil, duration: nil, attempts: 2,
            placement: placement)
        let object: [String: Any] = [
            "tasks": [[
                "id": task.id, "key": task.key, "label": task.label, "status": task.status,
                "exit_code": NSNull(), "signal": NSNull(), "duration": NSNull(), "attempts": task.attempts,
                "job_id": placement?.jobID as Any, "host": placement?.host as Any,
            ]],
        ]
        let encoded = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        let lines = String(decoding: encoded, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(
            HistoryRendering.jsonElement(task, placed: true) == lines[2..<(lines.count - 2)].joined(separator: "\n"))
    }
}
