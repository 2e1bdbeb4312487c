import Foundation
import PRXTesting
import Testing

/// A task stopped by prx has what it started in other process groups of its session stopped with it: here a shell's
/// job (`set -m`) that ignores `SIGTERM`, in a group of its own, whose shell ends at the `SIGTERM`. Run through the
/// prx binary: a test process that once made an executor adopting orphans is the subreaper of every later task's.
@Suite(.runsProcesses) struct SessionGroupStoppingTests {
    /// A number no other process on the machine has in its command line, for `sleep` markers.
    private static func marker() -> String { "30\(Int.random(in: 10...99)).\(Int.random(in: 100_000...999_999))" }

    /// The task: a job in a group of its own that ignores `SIGTERM`, `sleep jobMark`, and the shell's own
    /// `sleep shellMark` in a group of its own too.
    private static func task(job jobMark: String, shell shellMark: String) -> String {
        "set -m\n(trap '' TERM; sleep \(jobMark)) &\nsleep \(shellMark)\n"
    }

    /// The job is sent `SIGKILL` after the grace, and nothing of the task is left when prx has ended. Before, with
    /// `local.adopt_orphans=false`, the job was looked for only from prx's children down: once the shell had exited,
    /// the job was init's child, the task was finished at once with it running, and it ran on for good.
    @Test(arguments: [false, true])
    func aTimedOutTasksJobThatIgnoresSIGTERMIsKilledAfterTheGrace(adoptsOrphans: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let jobMark = Self.marker()
        let shellMark = Self.marker()
        let folder = try bench.tasks(1) { _ in Self.task(job: jobMark, shell: shellMark) }
        let outcome = try await bench.prx([
            "-T", folder, "-C", "bash @TASK@", "-r", "-t", "1",
            "--set", "local.termination_grace=1", "--set", "local.adopt_orphans=\(adoptsOrphans)",
        ])
        let survivors = await LiveProcesses.awaitGone(jobMark, seconds: 2) + LiveProcesses.matching(shellMark)
        for pid in survivors { kill(pid, SIGKILL) }
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(try await bench.summaryRecords().map { $0["status"] } == ["TIMEOUT"])
        #expect(survivors.isEmpty)
    }

    /// A process of a timed-out task's job (`set -m`) that moves to a group of its own at the `SIGTERM` prx sent its
    /// job's group gets no second `SIGTERM` in the new group, only the `SIGKILL` after the grace: a group prx first
    /// finds in the session after its first look is sent no `SIGTERM`, and its slot with the orphan guard says so, so
    /// that the guard of a prx killed during the grace sends it none either. Before, the next probe's look sent the new
    /// group one, and the process counted two.
    @Test(arguments: [true, false], [false, true])
    func aJobsProcessThatMovesToANewGroupDuringTheGraceGetsOneSIGTERM(adoptsOrphans: Bool, killsPRX: Bool)
        async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = Self.marker()
        let record = bench.root.file("record")
        // Perl, not the job's leader (a shell that runs it and then `true`), so that `setpgrp` makes a new group.
        let counter = try bench.root.write("counter.pl", """
            $SIG{TERM} = sub {
                open my $file, ">>", $ARGV[0] or die; print $file "TERM\\n";
                if (getpgrp() != $$) { setpgrp(0, 0) or die; print $file "moved\\n" }
                close $file;
            };
            open my $file, ">>", $ARGV[0] or die; print $file "started\\n"; close $file;
            sleep 1 while 1;

            """)
        let folder = try bench.tasks(1) { _ in
            "set -m\nbash -c 'perl \(counter) \(record) \(mark); true' &\nwait\n"
        }
        let run = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r", "-t", "2", "--set", "local.termination_grace=3",
             "--set", "local.adopt_orphans=\(adoptsOrphans)"],
            home: bench.home)
        if killsPRX {
            // Killed once a probe has had time to find the new group (they come 10 ms apart, doubling to 250 ms).
            let deadline = Date().addingTimeInterval(20)
            while (try? bench.root.read("record"))?.contains("moved\n") != true && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            try? await Task.sleep(for: .milliseconds(700))
            kill(run.process.processIdentifier, SIGKILL)
        }
        let outcome = await run.wait(killingAfter: 30)
        // The guard's grace is the run's, 3 s.
        let survivors = await LiveProcesses.awaitGone(mark, seconds: killsPRX ? 8 : 2)
        for pid in survivors { kill(pid, SIGKILL) }
        #expect(outcome.status == (killsPRX ? 128 + SIGKILL : 1), "\(outcome.stderr)")
        let recorded = try bench.root.read("record")
        #expect(recorded == "started\nTERM\nmoved\n", "\(recorded)")
        #expect(survivors.isEmpty)
    }

    /// With `local.adopt_orphans=false`, a timed-out task whose other group (`timeout(1)`'s) ends at the `SIGTERM` is
    /// finished then, not at the end of the grace, though that group's process, a zombie once its shell has exited,
    /// waits for a reaper that may be slow: init, or here a subreaper above prx that reaps nothing but prx (perl, which
    /// also has prx killed with it). Before, the zombie counted as the group's member, and the run waited out the
    /// grace (60 s here; prx is killed after 30).
    @Test func aStoppedTasksGroupLeftAsAZombieDoesNotHoldItToTheGrace() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = Self.marker()
        let folder = try bench.tasks(1) { _ in "timeout 100 sleep \(mark)\n" }
        // prctl(PR_SET_CHILD_SUBREAPER) in perl, and PR_SET_PDEATHSIG (SIGKILL) in prx's process before its exec.
        let subreaper = """
            syscall(157, 36, 1) == 0 or die "prctl: $!"; my $pid = fork // die;
            if ($pid == 0) { syscall(157, 1, 9); exec @ARGV or die "exec: $!" }
            waitpid($pid, 0); exit($? >> 8);
            """
        let run = try PRXProcess(
            ["-e", subreaper, PRXProcess.executablePath, "-T", folder, "-C", "bash @TASK@", "-r", "-t", "1",
             "--set", "local.termination_grace=60", "--set", "local.adopt_orphans=false"],
            executable: "/usr/bin/perl", home: bench.home, directory: bench.root.path)
        let outcome = await run.wait(killingAfter: 30)
        let survivors = await LiveProcesses.awaitGone(mark, seconds: 2)
        for pid in survivors { kill(pid, SIGKILL) }
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(survivors.isEmpty)
    }

    /// A prx killed with `SIGKILL` during the grace leaves the job to its orphan guard, which sends it `SIGKILL` after
    /// the grace: prx records the session's other groups with the guard as it finds them. Before, only the task's own
    /// group was recorded, and the job (with no `PRX_ORPHAN_GUARD` to be swept by, as `local.adopt_orphans=false`
    /// gives none) ran on for good.
    @Test func aKilledPRXLeavesTheJobOfATaskItWasStoppingToItsGuard() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let jobMark = Self.marker()
        let shellMark = Self.marker()
        let folder = try bench.tasks(1) { _ in Self.task(job: jobMark, shell: shellMark) }
        let run = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r", "-t", "2",
             "--set", "local.termination_grace=3", "--set", "local.adopt_orphans=false"],
            home: bench.home)
        // Both sleeps run (the 2 s time limit leaves a loaded machine time to start them), then the SIGTERM at the
        // time limit ends the shell's, and the grace begins.
        var started = false
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let jobRuns = !LiveProcesses.matching(jobMark).isEmpty
            let shellRuns = !LiveProcesses.matching(shellMark).isEmpty
            started = started || (jobRuns && shellRuns)
            if started && jobRuns && !shellRuns { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        #expect(started)
        kill(run.process.processIdentifier, SIGKILL)
        _ = await run.wait()
        // The guard's grace is the run's, 3 s.
        let survivors = await LiveProcesses.awaitGone(jobMark, seconds: 8)
        for pid in survivors { kill(pid, SIGKILL) }
        #expect(survivors.isEmpty)
    }

    /// A killed prx's guard stops a job that a task started in a group of its own (`set -m`) as it stops the task's
    /// group, and reads the task's pipes for it: the job's `SIGTERM` handler prints for a second and ends cleanly. The
    /// guard knew only the task's group, read the pipes only from it and signalled the job only by the token sweep:
    /// with `local.adopt_orphans=false` the job got no `SIGTERM` and, once the guard had ended with the task's
    /// group, died of `SIGPIPE` at its next word; and where the task's leader had put another file on its output
    /// (`exec >/dev/null`), the job's handler died of `SIGPIPE` at its first.
    @Test(arguments: [true, false], [true, false])
    func aKilledPRXsGuardStopsAndReadsATasksJobInAGroupOfItsOwn(adoptsOrphans: Bool, leaderKeepsOutput: Bool)
        async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = Self.marker()
        let (record, ready) = (bench.root.file("record"), bench.root.file("ready"))
        let handler = "echo TERM >> \(record); for i in 1 2 3 4 5 6 7 8 9 10; do echo stopping $i; sleep 0.1; done; "
            + "echo cleaned >> \(record); exit 0"
        let job = try bench.root.write("job.sh", """
            trap '\(handler)' TERM
            trap 'echo PIPE >> \(record); exit 1' PIPE
            echo started >> \(record)
            while :; do sleep 0.05; done

            """)
        let folder = try bench.tasks(1) { _ in
            "set -m\nbash \(job) \(mark) &\n" + (leaderKeepsOutput ? "" : "exec >/dev/null 2>&1\n")
                + "while [ ! -s \(record) ]; do sleep 0.01; done\ntouch \(ready)\nwait\n"
        }
        try await Self.expectNothingLeftOfPRXKilled(
            once: ready, running: folder, grace: 5, adoptsOrphans: adoptsOrphans, in: bench, mark: mark)
        #expect(try bench.root.read("record") == "started\nTERM\ncleaned\n")
    }

    /// A group that a task's job makes after a killed prx's guard sent its `SIGTERM` (here from its handler, which
    /// then ends the job) is watched by the guard once the job's group has ended, its output read, and killed after the
    /// grace: the guard looks through a task's session again as the last group it knew of it ends. The late group,
    /// which ignores `SIGTERM` and writes on, with no `PRX_ORPHAN_GUARD` (`local.adopt_orphans=false`) to be found by,
    /// would otherwise run on once the guard had ended, and die of `SIGPIPE` at its next word.
    @Test func aKilledPRXsGuardKillsAGroupMadeInATasksSessionAfterItsSIGTERM() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let mark = Self.marker()
        let (record, ready) = (bench.root.file("record"), bench.root.file("ready"))
        let late = try bench.root.write("late.sh", """
            trap '' TERM
            trap 'echo PIPE >> \(record); exit 1' PIPE
            echo late >> \(record)
            while :; do echo writing; sleep 0.1; done

            """)
        let job = try bench.root.write("job.sh", """
            trap 'set -m; bash \(late) \(mark) & while [ ! -s \(record) ]; do sleep 0.01; done; exit 0' TERM
            touch \(ready)
            while :; do sleep 0.05; done

            """)
        let folder = try bench.tasks(1) { _ in "set -m\nbash \(job) \(mark) &\nwait\n" }
        try await Self.expectNothingLeftOfPRXKilled(
            once: ready, running: folder, grace: 3, adoptsOrphans: false, in: bench, mark: mark)
        #expect(try bench.root.read("record") == "late\n")
    }

    /// Runs prx on the task scripts of `folder` (with `local.termination_grace` `grace` and `local.adopt_orphans`
    /// `adoptsOrphans`) until the file `ready` exists, kills it with `SIGKILL`, and expects no process matching `mark`
    /// to be left 10 s later (killing those that are).
    private static func expectNothingLeftOfPRXKilled(
        once ready: String, running folder: String, grace: Int, adoptsOrphans: Bool, in bench: Workbench, mark: String
    ) async throws {
        let run = try PRXProcess(
            ["-T", folder, "-C", "bash @TASK@", "-r", "--set", "local.termination_grace=\(grace)",
             "--set", "local.adopt_orphans=\(adoptsOrphans)"],
            home: bench.home)
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: ready) && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        kill(run.process.processIdentifier, SIGKILL)
        _ = await run.wait()
        let survivors = await LiveProcesses.awaitGone(mark, seconds: 10)
        for pid in survivors { kill(pid, SIGKILL) }
        #expect(survivors.isEmpty)
    }
}
