#if os(Linux)
import Foundation
import Glibc
import PRXKernel
import PRXPlugins
import PRXTesting
import Testing

/// Feedback files and heartbeats with real processes run by the local executor.
@Suite struct FeedbackExecutionTests {
    private static func executor(
        _ directory: TemporaryDirectory, heartbeat: Double? = nil, grace: Double = 0.5
    ) -> LocalProcessExecutor {
        LocalProcessExecutor(configuration: .init(
            terminationGrace: grace,
            feedback: FeedbackSettings(directory: directory.file("feedback"), heartbeatTimeout: heartbeat)))
    }

    private static func shell(_ script: String, timeout: Double? = nil) -> TaskSpec {
        TaskSpec(id: 1, label: script, argv: ["sh", "-c", script], timeout: timeout)
    }

    /// Whether `pid` is gone within a few seconds (init may take a moment to reap an orphan).
    private static func isGone(_ pid: pid_t) async throws -> Bool {
        for _ in 0..<250 {
            if kill(pid, 0) == -1 && errno == ESRCH { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test func theLastValueOfEachKeyEndsInTheResult() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = await Self.executor(directory).execute(
            Self.shell(#"echo '[progress]50' >> "$PRX_FEEDBACK_FILE"; echo '[progress]90' >> "$PRX_FEEDBACK_FILE""#),
            context: ExecutionContext(workerID: 1))
        #expect(result.status == .success)
        #expect(result.feedback == ["progress": "90"])
        #expect(result.task.metadata[TaskResult.feedbackMetadataKey] == #"{"progress":"90"}"#)
    }

    @Test func anEmptyKeyClearsEverything() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = await Self.executor(directory).execute(
            Self.shell(#"printf '[a]1\n[b]2\n[]\n[c]3\n' > "$PRX_FEEDBACK_FILE""#),
            context: ExecutionContext(workerID: 1))
        #expect(result.feedback == ["c": "3"])
    }

    @Test func theVariableNamesAnEmptyFileMadeForEachAttempt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let executor = Self.executor(directory)
        let task = Self.shell(
            #"printf '%s %s' "$PRX_FEEDBACK_FILE" "$(wc -c < "$PRX_FEEDBACK_FILE")"; "#
                + #"echo '[x]1' >> "$PRX_FEEDBACK_FILE""#)
        let expected = directory.file("feedback/1.feedback") + " 0"
        let first = await executor.execute(task, context: ExecutionContext(workerID: 1))
        let second = await executor.execute(task, context: ExecutionContext(workerID: 1, attempt: 2))
        #expect(first.stdoutTail == expected)
        #expect(second.stdoutTail == expected)
        #expect(try directory.read("feedback/1.feedback") == "[x]1\n")
    }

    /// A task that puts a FIFO in its file's place leaves no feedback, and the next attempt gets a file again.
    @Test(.timeLimit(.minutes(1))) func aFIFOInTheFilesPlaceIsNoFeedbackAndNoWait() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let executor = Self.executor(directory)
        let task = Self.shell(
            #"[ -p "$PRX_FEEDBACK_FILE" ] && echo fifo; rm "$PRX_FEEDBACK_FILE"; mkfifo "$PRX_FEEDBACK_FILE""#)
        let first = await executor.execute(task, context: ExecutionContext(workerID: 1))
        let second = await executor.execute(task, context: ExecutionContext(workerID: 1, attempt: 2))
        #expect(first.status == .success && second.status == .success)
        #expect(first.feedback == [:] && second.stdoutTail.isEmpty)
    }

    @Test func withoutFeedbackThereIsNoVariableAndNoFeedback() async {
        let result = await LocalProcessExecutor().execute(
            Self.shell(#"printf %s "${PRX_FEEDBACK_FILE-unset}""#), context: ExecutionContext(workerID: 1))
        #expect(result.stdoutTail == "unset")
        #expect(result.feedback == nil)
        #expect(result.task.metadata[TaskResult.feedbackMetadataKey] == nil)
    }

    @Test func withoutAHeartbeatTimeoutASilentTaskRuns() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = await Self.executor(directory).execute(
            Self.shell("sleep 1.2"), context: ExecutionContext(workerID: 1))
        #expect(result.status == .success)
        #expect(result.feedback == [:])
    }

    @Test func aTaskThatKeepsWritingOutlivesItsHeartbeatTimeout() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script =
            #"i=0; while [ $i -lt 15 ]; do echo "[tick]$i" >> "$PRX_FEEDBACK_FILE"; sleep 0.2; i=$((i+1)); done"#
        let result = await Self.executor(directory, heartbeat: 1).execute(
            Self.shell(script), context: ExecutionContext(workerID: 1))
        #expect(result.status == .success, "\(result.message ?? "")")
        #expect(result.duration >= 3)
        #expect(result.feedback == ["tick": "14"])
    }

    @Test func aTaskThatStopsWritingIsStoppedWithItsGroup() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pidFile = directory.file("pid")
        let script = #"echo '[step]1' >> "$PRX_FEEDBACK_FILE"; sleep 30 & echo $! > '\#(pidFile)'; sleep 30"#
        let result = await Self.executor(directory, heartbeat: 1, grace: 0.2).execute(
            Self.shell(script), context: ExecutionContext(workerID: 1))
        #expect(result.status == .timeout)
        #expect(result.message == "no heartbeat for 1s")
        // The write at the start is first seen a second later, already a timeout old: the task stops then, not a
        // second timeout later. The executor's own measure, as a busy test runner may resume this test late.
        #expect(result.duration >= 1 && result.duration < 2)
        #expect(result.feedback == ["step": "1"])
        let survivor = try #require(pid_t(try directory.read("pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(try await Self.isGone(survivor))
        #expect(try await Self.isGone(try #require(result.jobID.flatMap { pid_t($0) })))
    }

    @Test func theTimeLimitStillHoldsForATaskWithAHeartbeat() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = #"while :; do echo '[alive]' >> "$PRX_FEEDBACK_FILE"; sleep 0.1; done"#
        let result = await Self.executor(directory, heartbeat: 5).execute(
            Self.shell(script, timeout: 1), context: ExecutionContext(workerID: 1))
        #expect(result.status == .timeout)
        #expect(result.message == "Timeout after 1s")
    }

    @Test func aFeedbackFileThatCannotBeMadeIsAnError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("feedback", "a file where the directory should be")
        let marker = directory.file("ran")
        let result = await Self.executor(directory).execute(
            TaskSpec(id: 1, label: "touch", argv: ["touch", marker]), context: ExecutionContext(workerID: 1))
        #expect(result.status == .error)
        #expect(result.message?.hasPrefix("cannot create feedback file \(directory.file("feedback/1.feedback")): ")
            == true)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    /// A feedback directory that cannot be made is named with the system's words for why: Foundation's ("You don't
    /// have permission.") took their place. A directory in `/sys`, which refuses it whoever asks.
    @Test func aFeedbackDirectoryThatCannotBeMadeIsNamedWithTheSystemsReason() async throws {
        let directory = "/sys/prx-feedback-\(getpid())-\(Int.random(in: 0...999_999))"
        guard mkdir(directory, 0o755) != 0 else {
            rmdir(directory)
            Issue.record("\(directory) could be made here")
            return
        }
        let reason = String(cString: strerror(errno))
        let executor = LocalProcessExecutor(configuration: .init(feedback: FeedbackSettings(directory: directory)))
        let result = await executor.execute(Self.shell("true"), context: ExecutionContext(workerID: 1))
        #expect(result.status == .error)
        #expect(result.message == "cannot create feedback file \(directory)/1.feedback: \(reason)")
    }
}
#endif
