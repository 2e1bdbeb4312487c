import Foundation
import PRXPlugins
import PRXTesting
import Testing
@testable import PRXCommand

extension Processes {
    /// The launch is driven with `/bin/sh` scripts playing prx's stages, chosen by `$PRX_DAEMON_STAGE` as prx
    /// chooses them.
    @Suite(.runsProcesses) struct DaemonLauncherTests {
        /// A script that, as the session leader, starts itself again as the daemon; as the daemon, runs `daemon`.
        private func stages(daemon: String) -> String {
            """
            case "$PRX_DAEMON_STAGE" in
            session-leader) PRX_DAEMON_STAGE=daemon /bin/sh "$0" & ;;
            daemon)
            \(daemon)
            ;;
            esac
            """
        }

        /// Field `number` (1-based) of `/proc/PID/stat`.
        private func statField(_ pid: Int32, _ number: Int) throws -> String {
            let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
            let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
            return String(fields[number - 3])
        }

        @Test func theDaemonIsInANewSessionItDoesNotLeadWithStandardStreamsOnDevNull() async throws {
            let root = try TemporaryDirectory()
            defer { root.remove() }
            let script = try root.write("stages.sh", stages(daemon: """
                echo "a warning before the run" >&2
                echo $$ > \(root.file("pid"))
                files='"logFile":"/l/run.log","summaryFile":"/l/run.csv","programName":"prx","isRegistered":true'
                printf 'prx-daemon-ready {"pid":%s,%s}\\n' $$ "$files" >&2
                exec 2>/dev/null
                exec sleep 30
                """))
            var forwarded: [String] = []
            let report = try DaemonLauncher(executable: "/bin/sh", arguments: ["sh", script])
                .launch { forwarded.append($0) }
            defer { kill(report.pid, SIGKILL) }

            #expect(forwarded == ["a warning before the run\n"])
            #expect(try root.read("pid") == "\(report.pid)\n")
            #expect(report.logFile == "/l/run.log" && report.summaryFile == "/l/run.csv")
            let deadline = Date().addingTimeInterval(5)
            while ProcessIdentity.commandLine(of: report.pid)?.first != "sleep" && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(10))
            }
            let session = try statField(report.pid, 6)
            #expect(session != String(getsid(0)))
            #expect(session != String(report.pid), "the daemon must not lead its session")
            #expect(try statField(report.pid, 7) == "0", "no controlling terminal")
            for fd in 0...2 {
                #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(report.pid)/fd/\(fd)")
                    == "/dev/null")
            }
        }

        /// The daemon's first line, its PID for a launcher that a signal stops (``DaemonStarted``), is the launcher's
        /// alone.
        @Test func theDaemonsFirstLineIsNotForwarded() throws {
            let root = try TemporaryDirectory()
            defer { root.remove() }
            let script = try root.write("stages.sh", stages(daemon: """
                printf 'prx-daemon-started {"pid":%s,"startTicks":1}\\n' $$ >&2
                echo "a warning" >&2
                files='"logFile":"/l/run.log","summaryFile":"/l/run.csv","programName":"prx","isRegistered":true'
                printf 'prx-daemon-ready {"pid":%s,%s}\\n' $$ "$files" >&2
                """))
            var forwarded: [String] = []
            _ = try DaemonLauncher(executable: "/bin/sh", arguments: ["sh", script]).launch { forwarded.append($0) }
            #expect(forwarded == ["a warning\n"])
            let started = DaemonStarted(pid: 42, startTicks: 7)
            #expect(started.line.hasSuffix("\n"))
            #expect(DaemonStarted(line: started.line.dropLast()) == started)
            #expect(DaemonStarted(line: "prx: warning: something") == nil)
        }

        @Test func whatTheDaemonSaidBeforeItEndedReachesTheLauncher() throws {
            let root = try TemporaryDirectory()
            defer { root.remove() }
            let script = try root.write("stages.sh", stages(daemon: """
                echo "prx: error: no such task folder" >&2
                exit 2
                """))
            var forwarded: [String] = []
            #expect {
                try DaemonLauncher(executable: "/bin/sh", arguments: ["sh", script]).launch { forwarded.append($0) }
            } throws: { error in
                (error as? ExitCodeError)?.status == 2
            }
            #expect(forwarded == ["prx: error: no such task folder\n"])
        }

        /// A daemon that ended on an error of its own exits 2 through the launcher, as prx would have without `-D`;
        /// one that ended without a word is the launcher's failure to report.
        @Test func aDaemonThatEndedWithoutAWordIsReportedSo() throws {
            let root = try TemporaryDirectory()
            defer { root.remove() }
            let script = try root.write("stages.sh", stages(daemon: "exit 3"))
            #expect {
                try DaemonLauncher(executable: "/bin/sh", arguments: ["sh", script]).launch { _ in }
            } throws: { error in
                (error as? CommandFailure)?.message == "the daemon ended before its run began"
            }
        }

        @Test func theSessionLeaderStartsTheDaemonStageInItsOwnSession() async throws {
            let root = try TemporaryDirectory()
            defer { root.remove() }
            let file = root.file("stage")
            try DaemonLauncher(
                executable: "/bin/sh",
                arguments: ["sh", "-c", "echo $$ $PRX_DAEMON_STAGE > \(file).tmp; mv \(file).tmp \(file)"],
                environment: [EnvironmentEntry(name: "PATH", value: "/usr/bin:/bin")]
            ).spawnDaemon()
            let deadline = Date().addingTimeInterval(5)
            while !FileManager.default.fileExists(atPath: file) && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(10))
            }
            let words = try root.read("stage").split(separator: " ")
            #expect(words.last == "daemon\n")
            var status: Int32 = 0
            waitpid(Int32(words[0])!, &status, 0)
        }

        /// Read from the environment given: this test process's own is not changed, as other tests copy it to start
        /// programs while this one runs. That ``DaemonStage/claim()`` removes the variable is checked on a real
        /// daemon (`DaemonTests.aDaemonsTasksDoNotInheritItsStage`).
        @Test(arguments: [
            ("session-leader", DaemonStage.sessionLeader), ("daemon", .daemon), ("launcher", nil), (nil, nil),
        ] as [(String?, DaemonStage?)])
        func theStageIsReadFromTheEnvironmentGiven(value: String?, stage: DaemonStage?) {
            let environment = ["PATH": "/usr/bin:/bin"].merging(value.map { [DaemonStage.variable: $0] } ?? [:]) { $1 }
            #expect(DaemonStage(environment: environment) == stage)
        }

        @Test func aReportSurvivesItsLine() throws {
            let report = DaemonReport(
                pid: 42, logFile: "/a b/run.log", summaryFile: "/a b/run_summary.csv", programName: "ptasker")
            #expect(report.line.hasSuffix("\n"))
            #expect(DaemonReport(line: report.line.dropLast()) == report)
            #expect(DaemonReport(line: "prx: warning: something") == nil)
            #expect(report.announcement.hasPrefix("prx: daemon started, PID 42\nLog file: /a b/run.log\n"))
            #expect(report.announcement.hasSuffix(
                "Follow it with: ptasker --list-workers\nStop it with: ptasker -k 42\n"))
        }
    }
}
