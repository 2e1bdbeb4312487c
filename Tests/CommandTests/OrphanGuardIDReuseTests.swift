import Foundation
import PRXTesting
import Testing

/// The orphan guard of a killed prx signals the ids in its table as process groups alone: an id whose group is gone may
/// have been given to any process, which a signal by the id alone, the guard's fallback once, reached. Each test runs
/// prx in a pid namespace of its own (the script is its init, and reaps what prx leaves), where `ns_last_pid` gives
/// such an id to a process at will: the victim, a `sleep` of the script's, in no group of that id.
@Suite(
    .runsProcesses,
    .enabled(if: getuid() == 0, "a pid namespace of its own, to give an id again at will, needs root"))
struct OrphanGuardIDReuseTests {
    /// Runs `body` in a new pid namespace under bash, with `$prx` the binary under test, after the functions
    /// `wait_for FILE` (until it has a line), `give_id ID` (starts the victim, `sleep 30`, with that id, as
    /// `$victim`), `give_group_id ID` (the same, the victim in a session and group of its own, of that id),
    /// `give_group_id_in_call CALL THREAD PID` (once thread `THREAD`, held by a tracer, shows it is in system call
    /// `CALL` (its number on x86_64) with the argument `PID`, prints `held`, or after some 10 s does not; then kills
    /// `PID` and gives its id as `give_group_id` does) and `guard_of PID` (prints the orphan guard of prx `PID`);
    /// returns what it printed.
    private static func inPIDNamespace(_ body: String, bench: Workbench) async throws -> String {
        let script = try bench.root.write("namespace.sh", """
            prx=$1
            cd "$2"
            wait_for() { for i in $(seq 500); do [ -s "$1" ] && return; sleep 0.01; done; }
            give_id() {
              for try in $(seq 10); do
                echo $(($1 - 1)) > /proc/sys/kernel/ns_last_pid
                $2 sleep 30 &
                victim=$!
                [ $victim = $1 ] && return
                kill $victim
              done
            }
            give_group_id() { give_id $1 setsid; }
            give_group_id_in_call() {
              for i in $(seq 1000); do
                grep -qs "^$1 $(printf 0x%x $3) " /proc/$2/syscall && echo "held" && break
                sleep 0.01
              done
              kill -9 $3
              for i in $(seq 500); do [ -e /proc/$3 ] || break; sleep 0.01; done
              give_group_id $3
            }
            guard_of() {
              for child in $(cat /proc/$1/task/*/children); do
                [ "$(cat /proc/$child/comm 2>/dev/null)" = prx-guard ] && echo $child
              done
            }
            \(body)
            sleep 0.5
            if kill -0 $victim 2>/dev/null; then echo "victim alive"; else echo "victim killed"; fi

            """)
        // With no signal blocked: a process started from a thread of the test runner's may have them all blocked, and
        // a victim with SIGTERM blocked would outlive the guard's SIGTERM whatever it was sent.
        let unblocked = ["/usr/bin/perl", "-MPOSIX", "-e", "sigprocmask(SIG_SETMASK, POSIX::SigSet->new); exec @ARGV"]
        let run = try PRXProcess(
            ["--pid", "--fork", "--mount-proc"] + unblocked
                + ["/bin/bash", script, PRXProcess.executablePath, bench.root.path],
            executable: "/usr/bin/unshare", home: bench.home, directory: bench.root.path)
        let outcome = await run.wait(killingAfter: 30)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return outcome.stdout
    }

    /// The guard stops two running tasks, one of which ignores SIGTERM and keeps the guard to the end of its grace;
    /// a process given the other's leader's id meanwhile is not sent the `SIGKILL` after it: the guard sent it by
    /// that id when no group had it.
    @Test func theSIGKILLAfterTheGraceReachesNoProcessGivenAStoppedLeadersID() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { index in
            index == 1
                ? "echo $$ > \(bench.root.file("leader"))\nsleep 100\n"
                : "trap '' TERM\necho $$ > \(bench.root.file("stubborn"))\nsleep 100\n"
        }
        let printed = try await Self.inPIDNamespace("""
            $prx -T \(folder) -C "bash @TASK@" -r -m 2 --set local.termination_grace=1 >/dev/null 2>&1 &
            prx_pid=$!
            wait_for leader
            wait_for stubborn
            leader=$(cat leader)
            kill -9 $prx_pid
            wait $prx_pid
            for i in $(seq 500); do [ -e /proc/$leader ] || break; sleep 0.01; done
            give_id $leader
            [ "$victim" = "$leader" ] && echo "id given again"
            sleep 1
            """, bench: bench)
        #expect(printed.hasSuffix("victim alive\n"), "\(printed)")
        #expect(printed.hasPrefix("id given again\n"), "\(printed)")
    }

    /// A task whose leader has exited, its group being stopped (a member ignores SIGTERM): the member ends, init
    /// reaps it and the group's id is free while prx, frozen, has not cleared its slot. A process given that id is
    /// not sent the guard's `SIGTERM` when prx dies: the guard sent it by the id when no group had it.
    @Test func theSIGTERMReachesNoProcessGivenTheIDOfAGroupGone() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let member = bench.root.file("member")
        let folder = try bench.tasks(1) { _ in
            "(trap '' TERM; echo $BASHPID > \(member); exec sleep 100) &\n"
                + "while [ ! -s \(member) ]; do sleep 0.01; done\necho $$ > \(bench.root.file("leader"))\n"
        }
        let printed = try await Self.inPIDNamespace("""
            $prx -T \(folder) -C "bash @TASK@" -r --set local.termination_grace=5 \\
              --set local.adopt_orphans=false >/dev/null 2>&1 &
            prx_pid=$!
            wait_for leader
            leader=$(cat leader)
            for i in $(seq 500); do [ -e /proc/$leader ] || break; sleep 0.01; done
            sleep 0.2
            kill -STOP $prx_pid
            member=$(cat member)
            kill -9 $member
            for i in $(seq 500); do [ -e /proc/$member ] || break; sleep 0.01; done
            give_id $leader
            [ "$victim" = "$leader" ] && echo "id given again"
            kill -9 $prx_pid
            wait $prx_pid
            """, bench: bench)
        #expect(printed.hasSuffix("victim alive\n"), "\(printed)")
        #expect(printed.hasPrefix("id given again\n"), "\(printed)")
    }

    /// A stopped task's job, in a group of its own that ignores `SIGTERM`, ends at the `SIGKILL` after the grace, while
    /// the task's leader is not reaped: a tracer that never waits holds its end (as uninterruptible sleep on a hung
    /// mount would). A process given the job's group id afterwards, in a group of that id, is not sent the guard's
    /// `SIGTERM` when prx dies. Before, no look at the session followed the `SIGKILL` until the leader was reaped, and
    /// the guard's table kept the job's group.
    @Test func theSIGTERMReachesNoGroupGivenTheIDOfAKilledTasksJobWhileItsLeaderIsNotReaped() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in
            "set -m\n(trap '' TERM; exec sleep 100) &\necho $! > \(bench.root.file("job"))\n"
                + "echo $$ > \(bench.root.file("leader"))\nsleep 100\n"
        }
        // PTRACE_SEIZE (0x4206): the leader runs on until a signal stops it for its tracer, which never waits.
        let tracer = "syscall(101, 0x4206, 0 + $ARGV[0], 0, 0) == 0 or die \"ptrace: $!\"; sleep 100"
        let printed = try await Self.inPIDNamespace("""
            $prx -T \(folder) -C "bash @TASK@" -r -t 2 --set local.termination_grace=1 >/dev/null 2>&1 &
            prx_pid=$!
            wait_for job
            wait_for leader
            perl -e '\(tracer)' $(cat leader) &
            job=$(cat job)
            for i in $(seq 1000); do [ -e /proc/$job ] || break; sleep 0.01; done
            [ -e /proc/$job ] || echo "job ended"
            sleep 1
            give_group_id $job
            [ "$victim" = "$job" ] && echo "id given again"
            kill -9 $prx_pid
            wait $prx_pid
            """, bench: bench)
        #expect(printed.hasSuffix("victim alive\n"), "\(printed)")
        #expect(printed.hasPrefix("job ended\nid given again\n"), "\(printed)")
    }

    /// A stopped task's member, in the task's own group and ignoring `SIGTERM`, is listed in the task's session by
    /// its `getsid` (`adopt_orphans=false`: every process of `/proc` is) in the look that sends `SIGTERM`, the first
    /// once the task's time is up; a tracer holds prx's monitor thread as that `getsid` returns, and meanwhile the
    /// member is killed and its id given to a process in a group of that id. The look reads the member's group with
    /// its session, in one read of its `/proc/PID/stat`: the victim's, in another session, which is not signalled. A
    /// look that took the listing's session for the process's, or read the group apart from it (by `getpgid`, as it
    /// once did), took the victim's group for the task's and sent it `SIGTERM`. Only that first look sends `SIGTERM`
    /// (a group a later one finds waits for the `SIGKILL` after the grace, 20 s, which the test does not wait for), so
    /// the hold must come in it: the tracer holds every `getsid` of the monitor's thread, and of it alone, for a
    /// second, and the test fails if it never sees the hold.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"), "needs strace"))
    func aMemberGivenItsIDAgainDuringALookIsNotTakenForTheTasks() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in
            "(trap '' TERM; exec sleep 100) &\necho $! > \(bench.root.file("member"))\nwait\n"
        }
        let printed = try await Self.inPIDNamespace("""
            $prx -T \(folder) -C "bash @TASK@" -r -t 2 --set local.termination_grace=20 \\
              --set local.adopt_orphans=false >/dev/null 2>&1 &
            prx_pid=$!
            wait_for member
            member=$(cat member)
            monitor=$(grep -lx "prx monitor" /proc/$prx_pid/task/*/comm | cut -d/ -f5)
            [ -n "$monitor" ] || echo "no monitor thread"
            strace -qq -o /dev/null -p $monitor -e trace=getsid -e inject=getsid:delay_exit=1s &
            tracer=$!
            give_group_id_in_call 124 $monitor $member
            [ "$victim" = "$member" ] && echo "id given again"
            sleep 2.5
            kill $tracer
            wait $tracer
            kill -9 $prx_pid
            wait $prx_pid
            """, bench: bench)
        #expect(printed.hasSuffix("victim alive\n"), "\(printed)")
        #expect(printed.hasPrefix("held\nid given again\n"), "\(printed)")
    }

    /// A task's leader held by a tracer at its first step, `setsid` (strace's `delay_enter`), when prx is killed: it
    /// keeps the guard from learning of prx's death (it holds a copy of prx's end of the guard's socket until its
    /// set-up closes it, once its session is made). Killed then (`SIGKILL`, which its blocked signals do not hold off)
    /// while the guard is stopped, it never made its group; init reaps it, and its id is given to a process of prx's
    /// own session and group (the script that started prx), which the guard, continued, does not signal: it signals
    /// groups alone. Before, a leader prx had not yet seen lead its group was marked so in the table, and the guard,
    /// finding no group of its id, sent its `SIGTERM` to the process of that id. The first task (`sleep 2`) gives
    /// strace the time to take prx over before the second starts.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"), "needs strace"))
    func theSIGTERMReachesNoProcessGivenTheIDOfALeaderThatEndedBeforeMakingItsSession() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(2) { index in index == 1 ? "sleep 2\n" : "sleep 100\n" }
        // setsid is system call 112 on x86_64: a thread held at its entry shows it.
        let printed = try await Self.inPIDNamespace("""
            $prx -T \(folder) -C "bash @TASK@" -r -m 1 --set local.termination_grace=1 >/dev/null 2>&1 &
            prx_pid=$!
            for i in $(seq 500); do guard=$(guard_of $prx_pid); [ -n "$guard" ] && break; sleep 0.01; done
            strace -qq -f -o /dev/null -p $prx_pid -e trace=setsid -e inject=setsid:delay_enter=20s &
            tracer=$!
            leader=
            for i in $(seq 1000); do
              for child in $(cat /proc/$prx_pid/task/*/children); do
                grep -qs '^112 ' /proc/$child/syscall && leader=$child
              done
              [ -n "$leader" ] && break
              sleep 0.01
            done
            [ -n "$leader" ] && echo "leader held"
            sleep 0.3
            kill -STOP $guard
            kill -9 $prx_pid
            wait $prx_pid
            kill -9 $leader
            kill $tracer
            wait $tracer
            for i in $(seq 1000); do [ -e /proc/$leader ] || break; sleep 0.01; done
            give_id $leader
            [ "$victim" = "$leader" ] && echo "id given again"
            kill -CONT $guard
            sleep 2
            """, bench: bench)
        #expect(printed == "leader held\nid given again\nvictim alive\n", "\(printed)")
    }

    /// The guard's sweep reads a process's group after its environment: a daemon of a task's (its own session, not yet
    /// prx's), held by a tracer at the guard's `getpgid` of it, is killed and its id given to a process in a group of
    /// that id, which the sweep, once let go, does not signal: the token and group are read again through a process
    /// descriptor, which names the victim, without the token. Before, the group read was the victim's, and the sweep
    /// sent it `SIGTERM`.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"), "needs strace"))
    func theSweepSignalsNoGroupGivenTheIDOfADaemonThatEndedWhileItLooked() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let daemon = bench.root.file("daemon")
        let folder = try bench.tasks(1) { _ in "setsid sleep 100 &\necho $! > \(daemon)\nwait\n" }
        let printed = try await Self.inPIDNamespace("""
            $prx -T \(folder) -C "bash @TASK@" -r --set local.termination_grace=2 >/dev/null 2>&1 &
            prx_pid=$!
            wait_for daemon
            daemon=$(cat daemon)
            guard=$(guard_of $prx_pid)
            strace -qq -o /dev/null -p $guard -e trace=getpgid -e inject=getpgid:delay_enter=2s &
            tracer=$!
            for i in $(seq 500); do
              grep -qs '^TracerPid:[[:space:]]*[1-9]' /proc/$guard/status && break
              sleep 0.01
            done
            kill -9 $prx_pid
            wait $prx_pid
            give_group_id_in_call 121 $guard $daemon
            [ "$victim" = "$daemon" ] && echo "id given again"
            kill $tracer
            wait $tracer
            sleep 1
            """, bench: bench)
        #expect(printed == "held\nid given again\nvictim alive\n", "\(printed)")
    }
}
