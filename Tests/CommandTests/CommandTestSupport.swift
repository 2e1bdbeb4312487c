import Foundation
import PRXTesting
import Testing

/// A temporary PRX_HOME with a task folder, and readers for the files a run leaves in its log directory.
struct Workbench {
    let root: TemporaryDirectory
    var home: String { root.file("home") }
    var logs: String { home + "/logs" }

    init() throws {
        root = try TemporaryDirectory()
    }

    /// Writes `count` task scripts `task1.sh…` with `body(i)` into `folder`; returns the folder's path.
    @discardableResult
    func tasks(_ count: Int, in folder: String = "tasks", body: (Int) -> String) throws -> String {
        for index in 1...count {
            try root.write("\(folder)/task\(index).sh", body(index))
        }
        return root.file(folder)
    }

    func prx(_ arguments: [String], environment: [String: String] = [:]) async throws -> PRXProcess.Outcome {
        try await PRXProcess.run(arguments, home: home, environment: environment, directory: root.path)
    }

    /// Runs `command` with `/bin/sh` in the bench's directory, `$PRX` naming prx: for a redirection or a pipe
    /// (`<&-`, `printf … | "$PRX" run …`).
    func shell(_ command: String) async throws -> PRXProcess.Outcome {
        try await PRXProcess.run(
            ["-c", command], executable: "/bin/sh", home: home, environment: ["PRX": PRXProcess.executablePath],
            directory: root.path)
    }

    /// Runs `prx-with-test-plugins`, a build of prx with plugins of the tests' own (`Tests/PRXWithTestPlugins`: the
    /// stop policy `halt-after`), as ``prx(_:environment:)`` runs prx.
    func prxWithTestPlugins(_ arguments: [String]) async throws -> PRXProcess.Outcome {
        try await PRXProcess.run(
            arguments, executable: PRXProcess.executablePath(named: "prx-with-test-plugins"), home: home,
            directory: root.path)
    }

    /// prx's outcome for `arguments` as a dry run, a run (`-r`) and `--validate-config`, each with those words, for a
    /// refusal that each gives alike; `prx-with-test-plugins`'s with `withTestPlugins`.
    func prxInEveryMode(
        _ arguments: [String], withTestPlugins: Bool = false
    ) async throws -> [(mode: [String], outcome: PRXProcess.Outcome)] {
        var outcomes: [(mode: [String], outcome: PRXProcess.Outcome)] = []
        for mode in [[], ["-r"], ["--validate-config"]] {
            let outcome = withTestPlugins
                ? try await prxWithTestPlugins(arguments + mode) : try await prx(arguments + mode)
            outcomes.append((mode, outcome))
        }
        return outcomes
    }

    /// Runs prx with `arguments` and `environment` under `ulimit` set to each of `limits` in turn (`-n 64`,
    /// `-Sn 128`, `-s 8192`, `-v 200000`: `/bin/sh`'s `ulimit` takes one at a time), killed after `seconds` should it
    /// hang.
    func prx(
        _ arguments: [String], ulimit limits: String..., environment: [String: String] = [:],
        killingAfter seconds: Double = 30
    ) async throws -> PRXProcess.Outcome {
        let setLimits = limits.map { "ulimit \($0) && " }.joined()
        let run = try PRXProcess(
            ["-c", setLimits + #"exec "$0" "$@""#, PRXProcess.executablePath] + arguments,
            executable: "/bin/sh", home: home, environment: environment, directory: root.path)
        return await run.wait(killingAfter: seconds)
    }

    /// Makes a `ptasker` symbolic link to prx and a fake `tasker` script running `body`; returns the link and a
    /// `PATH` that finds that `tasker` first.
    func ptasker(tasker body: String) throws -> (link: String, path: String) {
        let link = root.file("ptasker")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: PRXProcess.executablePath)
        try root.write("bin/tasker", "#!/bin/sh\n" + body, executable: true)
        let path = root.file("bin") + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return (link, path)
    }

    /// Starts prx with `arguments` and returns it once its Lua code has written the file `looping` (after 20 s at
    /// the latest), for a test to signal it while that code loops; `prx-with-test-plugins` with `withTestPlugins`.
    func prxOnceLooping(_ arguments: [String], withTestPlugins: Bool = false) async throws -> PRXProcess {
        let executable = withTestPlugins
            ? PRXProcess.executablePath(named: "prx-with-test-plugins") : PRXProcess.executablePath
        let run = try PRXProcess(arguments, executable: executable, home: home, directory: root.path)
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: root.file("looping")) && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return run
    }

    /// The journals in the bench's history, in the order their runs started: by their names' second, `DATE-TIME`, then
    /// by the start of prx's process, the `pid_start` of the journal's first line (in clock ticks since boot), then by
    /// the process id of the name. The process id alone sorted two runs of one second the wrong way round when the ids
    /// wrapped between them (prx 32728, then prx 356). A journal whose first line is not written yet is the newest.
    func journals() -> [String] {
        let directory = home + "/history"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        func startOrder(_ name: String) -> (String, Int, Int) {
            let stem = name.dropLast(".jsonl".count)
            guard let dash = stem.lastIndex(of: "-"), let pid = Int(stem[stem.index(after: dash)...]) else {
                return (String(stem), 0, 0)
            }
            return (String(stem[..<dash]), Self.processStart(inJournal: directory + "/" + name) ?? .max, pid)
        }
        return names.filter { $0.hasSuffix(".jsonl") }.sorted { startOrder($0) < startOrder($1) }
            .map { directory + "/" + $0 }
    }

    /// Whether the bench's history holds more than `count` journals, the newest with its first line all written: a run
    /// started after the `count` has begun.
    func hasStartedJournal(beyond count: Int) -> Bool {
        let journals = journals()
        return journals.count > count && journals.last.flatMap(Self.processStart(inJournal:)) != nil
    }

    /// The `pid_start` of the journal at `path`'s first line, `nil` while that line is not all written.
    private static func processStart(inJournal path: String) -> Int? {
        guard let journal = FileManager.default.contents(atPath: path),
            let end = journal.firstIndex(of: UInt8(ascii: "\n")),
            let line = try? JSONSerialization.jsonObject(with: journal[..<end]) as? [String: Any]
        else { return nil }
        return line["pid_start"] as? Int
    }

    /// What `prx status` shows once it shows `text`, asked every 50 ms, or what it last showed after 30 s: for a test
    /// waiting for a live run to get somewhere (a halt, a task's end).
    func status(once text: String) async throws -> String {
        let deadline = Date().addingTimeInterval(30)
        var shown = ""
        while Date() < deadline {
            shown = try await prx(["status"]).stdout
            if shown.contains(text) { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return shown
    }

    /// Runs `echo @ARG@` over the one line `a` (`-A a.txt -r`), expecting it to succeed, and returns its journal and
    /// its run's id: a run of one task whose journal a test edits.
    func journaledRunOfOneTask() async throws -> (journal: String, run: String) {
        try root.write("a.txt", "a\n")
        #expect(try await prx(["-A", "a.txt", "-C", "echo @ARG@", "-r"]).status == 0)
        return (try #require(journals().first), try #require(runIDs().first))
    }

    /// Replaces the first match of the regular expression `pattern` in the journal at `path` by `replacement`,
    /// expecting the journal to have one.
    func damage(journal path: String, replacing pattern: String, with replacement: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let match = try Regex(pattern)
        #expect(text.contains(match), "the journal has no \(pattern) to damage")
        try text.replacing(match, with: replacement, maxReplacements: 1)
            .write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The identifiers of the runs in the bench's history.
    func runIDs() -> [String] {
        journals().map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
    }

    /// The status and label of each task of `run`, in id order, as `prx history RUN` lists them (`FAILED 2`), for
    /// labels without spaces.
    func taskStatuses(of run: String) async throws -> [String] {
        let history = try await prx(["history", run])
        return history.stdout.split(separator: "\n").filter { $0.first?.isNumber == true }.map { row in
            let columns = row.split(separator: " ")
            return "\(columns[1]) \(columns[columns.count - 1])"
        }
    }

    /// The lines of the file `name` under the bench's root once it has at least `count` of them, or after 20 s.
    func lines(of name: String, atLeast count: Int) async -> [Substring] {
        let deadline = Date().addingTimeInterval(20)
        while true {
            let text = (try? String(contentsOfFile: root.file(name), encoding: .utf8)) ?? ""
            let lines = text.split(separator: "\n")
            if lines.count >= count || Date() >= deadline { return lines }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The log directory's files whose names end with `suffix`.
    func logFiles(endingWith suffix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: logs)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { logs + "/" + $0 }
    }

    /// The rows of the run's summary CSV as field arrays (header first), read with Python's csv module so the
    /// file is checked by an independent parser.
    func summaryRows() async throws -> [[String]] {
        guard let path = logFiles(endingWith: "_summary.csv").first else { return [] }
        let script = """
            import csv, json, sys
            with open(sys.argv[1], newline='') as f:
                print(json.dumps(list(csv.reader(f, delimiter=';'))))
            """
        let parsed = try await PRXProcess.run(["python3", "-c", script, path], executable: "/usr/bin/env", home: home)
        return try JSONDecoder().decode([[String]].self, from: Data(parsed.stdout.utf8))
    }

    /// Writes `text` to the FIFO at `fifo` and closes it, without waiting for a reader: `false` when no process has
    /// it open for reading (a writer that opens and closes at once, `text` empty, ends what a reader reads).
    @discardableResult
    func write(_ text: String, toFIFO fifo: String) -> Bool {
        let descriptor = open(fifo, O_WRONLY | O_NONBLOCK)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        return bytes.isEmpty || Foundation.write(descriptor, bytes, bytes.count) == bytes.count
    }

    /// The summary rows as dictionaries keyed by the header.
    func summaryRecords() async throws -> [[String: String]] {
        let rows = try await summaryRows()
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
}

/// A prx run reading its arguments from a FIFO of a workbench, which the test writes; killed after 40 s should it
/// hang.
struct FIFORun {
    let process: PRXProcess
    /// The FIFO's writing end.
    let writer: FileHandle
    private let killer: DispatchWorkItem

    /// Makes the FIFO `in.fifo` in `bench` and starts prx with `arguments(path)`, then opens the FIFO for writing.
    init(in bench: Workbench, arguments: (String) -> [String]) throws {
        let fifo = bench.root.file("in.fifo")
        guard mkfifo(fifo, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        process = try PRXProcess(arguments(fifo), home: bench.home, directory: bench.root.path)
        let pid = process.process.processIdentifier
        killer = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 40, execute: killer)
        guard let writer = FileHandle(forWritingAtPath: fifo) else { throw CocoaError(.fileWriteUnknown) }
        self.writer = writer
    }

    /// Waits for prx to end.
    func wait() async -> PRXProcess.Outcome {
        defer { killer.cancel() }
        return await process.wait()
    }
}

extension PRXProcess.Outcome {
    /// The estimate and the worker count of prx's warning that the limit on open files, `limit`, holds fewer workers
    /// than `askedAs` asked for, the count with what gave it (`prx: warning: -m 100 needs about 352 open files; the
    /// limit is 64 (ulimit -n): running 7 workers`, `prx: warning: prx.yaml:2: limits.max_workers 100 needs about …`),
    /// or `nil` when standard error has no such line. The numbers depend on what prx holds as it counts.
    func descriptorLimitWarning(askedAs words: String, limit: Int) -> (needed: Int, workers: Int)? {
        let start = "prx: warning: \(words) needs about "
        let rest = /(\d+) open files; the limit is (\d+) \(ulimit -n\): running (\d+) workers?/
        guard let line = stderr.split(separator: "\n").first(where: { $0.hasPrefix(start) }),
            let match = line.dropFirst(start.count).wholeMatch(of: rest), Int(match.2) == limit,
            let needed = Int(match.1), let workers = Int(match.3)
        else { return nil }
        return (needed, workers)
    }
}
