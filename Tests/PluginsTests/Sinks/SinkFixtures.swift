import Foundation
import PRXKernel

/// Fixed instants and results for sink tests.
enum Fixtures {
    /// 2025-09-29 14:30:15.123456 in the machine's local time zone.
    static let start = localDate(2025, 9, 29, 14, 30, 15, microsecond: 123_456)
    /// 2025-09-29 14:30:17.876543 in local time.
    static let end = localDate(2025, 9, 29, 14, 30, 17, microsecond: 876_543)

    static func localDate(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int,
                          microsecond: Int = 0) -> Date {
        let components = DateComponents(
            calendar: Calendar.current, timeZone: TimeZone.current,
            year: year, month: month, day: day, hour: hour, minute: minute, second: second
        )
        // Half a microsecond more keeps the truncated fraction exact despite binary rounding.
        return components.date!.addingTimeInterval((Double(microsecond) + 0.5) / 1_000_000)
    }

    static func task(_ id: Int, label: String = "./tasks/task1.sh", argv: [String]? = nil,
                     metadata: [String: String] = [:]) -> TaskSpec {
        TaskSpec(id: TaskID(id), label: label, argv: argv ?? ["bash", label], metadata: metadata)
    }

    /// The README's example: task1.sh succeeding on worker 1 in 2.75s with 45.23MB and 12.5% CPU.
    static func success(_ id: Int = 1, label: String = "./tasks/task1.sh") -> TaskResult {
        TaskResult(
            task: task(id, label: label), status: .success, termination: .exited(0),
            startTime: start, endTime: end, duration: 2.75, workerID: 1, jobID: "4242",
            peakMemoryMB: 45.23, cpuPercent: 12.5, stdoutTail: "Processing data...\nComplete!\n"
        )
    }

    static func failure(_ id: Int, label: String, code: Int32 = 3, message: String? = nil) -> TaskResult {
        TaskResult(
            task: task(id, label: label), status: .failed, termination: .exited(code),
            startTime: start, endTime: end, duration: 1, workerID: 2, stderrTail: "boom", message: message
        )
    }

    static func cancelled(_ id: Int, label: String) -> TaskResult {
        var result = TaskResult.notStarted(task(id, label: label), status: .cancelled, message: "run halted: limit")
        result.endTime = end
        return result
    }

    static func summary(statistics: RunStatistics, haltReason: String? = nil) -> RunSummary {
        RunSummary(startTime: start, endTime: end, statistics: statistics, haltReason: haltReason)
    }

    static func statistics(_ results: [TaskResult]) -> RunStatistics {
        var statistics = RunStatistics()
        for result in results { statistics.record(result) }
        return statistics
    }
}

/// The file's lines, without their newlines.
func lines(of path: String) throws -> [String] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var lines = text.components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    return lines
}

/// Splits CSV text into records of fields the way Python's `csv.reader` does with `delimiter=';'`: quoted
/// fields may hold the delimiter, newlines and doubled quotes.
func csvRecords(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text)[...]
    while let character = characters.popFirst() {
        if quoted {
            if character == "\"" {
                if characters.first == "\"" {
                    field.append("\"")
                    characters.removeFirst()
                } else {
                    quoted = false
                }
            } else {
                field.append(character)
            }
            continue
        }
        switch character {
        case "\"": quoted = true
        case ";":
            record.append(field)
            field = ""
        case "\n":
            record.append(field)
            records.append(record)
            record = []
            field = ""
        default: field.append(character)
        }
    }
    if !field.isEmpty || !record.isEmpty {
        record.append(field)
        records.append(record)
    }
    return records
}
