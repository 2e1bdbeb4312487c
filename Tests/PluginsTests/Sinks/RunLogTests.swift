import Foundation
import PRXPlugins
import PRXTesting
import Testing

@Suite struct RunLogTests {
    static var linePattern: Regex<(Substring, Substring, Substring, Substring, Substring, Substring)> {
        #/(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}) - P(\d+) - ([A-Z]+) - \[([A-Za-z0-9_-]+)\] - (.*)/#
    }

    @Test func writesParallelrsLineFormat() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try RunLog(path: directory.file("run.log"), processID: 12345)
        try log.log(.info, "Starting parallel execution")
        try log.log(.warning, "Worker 3: Starting task ./tasks/task1.sh", worker: 3)

        let written = try lines(of: log.path)
        #expect(written.count == 2)
        let first = try #require(try Self.linePattern.wholeMatch(in: written[0]))
        #expect(first.2 == "12345")
        #expect(first.3 == "INFO")
        #expect(first.4 == "MainThread")
        #expect(first.5 == "Starting parallel execution")
        let second = try #require(try Self.linePattern.wholeMatch(in: written[1]))
        #expect(second.3 == "WARNING")
        #expect(second.4 == "ThreadPoolExecutor-0_2")
        #expect(second.5 == "Worker 3: Starting task ./tasks/task1.sh")
    }

    /// Every line the log writes is one line, whoever logs it: a message's control characters are written as
    /// escapes (the configuration files a run names as it starts were written raw). A message of several lines (a
    /// daemon's summary report) keeps them apart, under the first one's prefix, each escaped on its own.
    @Test func escapesEveryLineAndKeepsTheLinesOfAMessageOfSeveralApart() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try RunLog(path: directory.file("run.log"), processID: 1)
        try log.log(.info, "Script config: /a\nb\u{1B}[31m/prx.yaml")
        try log.log(.info, lines: ["Summary", "", "- Log Dir: /c\td\u{1B}", "- Workers: 2"])
        try log.log(.debug, lines: ["dropped"])

        let written = try lines(of: log.path)
        #expect(written.count == 5, "\(written)")
        #expect(try Self.linePattern.wholeMatch(in: written[0])?.output.5 == #"Script config: /a\nb\x1b[31m/prx.yaml"#)
        #expect(try Self.linePattern.wholeMatch(in: written[1])?.output.5 == "Summary")
        #expect(Array(written.dropFirst(2)) == ["", #"- Log Dir: /c\td\x1b"#, "- Workers: 2"])
    }

    @Test func dropsLinesBelowTheMinimumLevelWithoutBuildingThem() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let info = try RunLog(path: directory.file("info.log"), processID: 1)
        var built = false
        func message() -> String {
            built = true
            return "detail"
        }
        try info.log(.debug, message())
        #expect(!built)
        #expect(try lines(of: info.path).isEmpty)

        let debug = try RunLog(path: directory.file("debug.log"), processID: 1, minimumLevel: .debug)
        try debug.log(.debug, message())
        #expect(built)
        #expect(try lines(of: debug.path).count == 1)
    }

    @Test(arguments: LogLevel.allCases)
    func readsLevelNamesInAnyCase(level: LogLevel) {
        #expect(LogLevel(name: level.name.lowercased()) == level)
        #expect(LogLevel(name: level.name) == level)
    }

    @Test func rotatesKeepingAtMostBackupCountFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("run.log")
        let log = try RunLog(path: path, processID: 1, maxBytes: 300, backupCount: 3)
        for index in 0..<100 {
            try log.log(.info, "message \(index)")
        }
        let fileManager = FileManager.default
        for name in [path, "\(path).1", "\(path).2", "\(path).3"] {
            #expect(fileManager.fileExists(atPath: name))
            let size = try #require(try fileManager.attributesOfItem(atPath: name)[.size] as? Int)
            #expect(size <= 300)
        }
        #expect(!fileManager.fileExists(atPath: "\(path).4"))

        // The kept files, oldest first, hold the last messages in order, none missing.
        let kept = try ["\(path).3", "\(path).2", "\(path).1", path].flatMap { try lines(of: $0) }
            .map { String($0.split(separator: " - ").last!) }
        let expected = (0..<100).suffix(kept.count).map { "message \($0)" }
        #expect(kept == expected)
        #expect(kept.count > 10)
    }

    @Test func neverRotatesWithoutBackups() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("run.log")
        let log = try RunLog(path: path, processID: 1, maxBytes: 100, backupCount: 0)
        for index in 0..<20 {
            try log.log(.info, "message \(index)")
        }
        #expect(try lines(of: path).count == 20)
        #expect(!FileManager.default.fileExists(atPath: "\(path).1"))
    }

    @Test func keepsLinesWholeUnderConcurrentWriters() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try RunLog(path: directory.file("run.log"), processID: 1)
        await withTaskGroup(of: Void.self) { group in
            for worker in 1...8 {
                group.addTask {
                    for index in 0..<200 {
                        try? log.log(.info, "Worker \(worker): line \(index)", worker: worker)
                    }
                }
            }
        }
        let written = try lines(of: log.path)
        #expect(written.count == 1600)
        #expect(try written.allSatisfy { try Self.linePattern.wholeMatch(in: $0) != nil })
    }
}
