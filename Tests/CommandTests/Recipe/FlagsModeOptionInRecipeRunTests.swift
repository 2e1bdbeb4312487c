import Foundation
import PRXTesting
import Testing

/// An option of flags mode that `prx run` does not have is refused, exit 2, in one line that says where a recipe gives
/// that setting, or which flags-mode command line takes it. It said only `unknown option '-t' (see 'prx run
/// --help')`, where that help does not say, while a misplaced option of flags mode is told its fix.
@Suite(.runsProcesses) struct FlagsModeOptionInRecipeRunTests {
    @Test(arguments: [
        (["-t", "5"], "'-t': -t/--timeout is an option of flags mode; a recipe gives it as prx.config{ timeout = … } "
            + "or a task's timeout"),
        (["--timeout=5"], "'--timeout': -t/--timeout is an option of flags mode; a recipe gives it as "
            + "prx.config{ timeout = … } or a task's timeout"),
        (["-t5"], "'-t5': -t/--timeout is an option of flags mode; a recipe gives it as prx.config{ timeout = … } "
            + "or a task's timeout"),
        (["-rt", "5"], "'-t': -t/--timeout is an option of flags mode; a recipe gives it as prx.config{ timeout = … } "
            + "or a task's timeout"),
        (["-s", "1"], "'-s': -s/--sleep is an option of flags mode; a recipe gives it as prx.config{ sleep = … }"),
        (["-k", "4242"], "'-k': -k/--kill is an option of flags mode; prx -k PID stops a run"),
        (["--list-workers"], "'--list-workers': --list-workers is an option of flags mode; prx --list-workers lists "
            + "the running prx processes"),
        (["--validate-config"], "'--validate-config': --validate-config is an option of flags mode; "
            + "prx --validate-config checks the configuration files"),
        (["--executor", "local"], "'--executor': --executor is an option of flags mode; a recipe gives it as "
            + "prx.config{ executor = … }"),
        (["--enable-stop-limits"], "'--enable-stop-limits': --enable-stop-limits is an option of flags mode; "
            + "a recipe gives it as prx.config{ stop_limits = true }"),
        (["--resume", "20261203-120000-1"], "'--resume': --resume is an option of flags mode; it takes up flags-mode "
            + "runs only: run the recipe again"),
        (["-T", "x"], "'-T': -T/--TasksDir is an option of flags mode; a recipe declares its tasks with prx.task, "
            + "or a source's with prx.source(\"glob\", { patterns = …, command = … })"),
        (["--feedback"], "'--feedback': --feedback is an option of flags mode; a recipe gives it as "
            + "prx.set(\"local.feedback\", true), or --set local.feedback=true"),
        // A prefix that flags mode takes for one of its options (`--time`, as argparse reads it) is told of that
        // option, and one flags mode finds ambiguous is told the options it could match, as flags mode says it: both
        // had the bare `unknown option '--time' (see 'prx run --help')`.
        (["--time", "5"], "'--time': -t/--timeout is an option of flags mode; a recipe gives it as "
            + "prx.config{ timeout = … } or a task's timeout"),
        (["--timeo=5"], "'--timeo': -t/--timeout is an option of flags mode; a recipe gives it as "
            + "prx.config{ timeout = … } or a task's timeout"),
        (["--exec", "local"], "'--exec': --executor is an option of flags mode; a recipe gives it as "
            + "prx.config{ executor = … }"),
        (["--Tasks", "x"], "'--Tasks': -T/--TasksDir is an option of flags mode; a recipe declares its tasks with "
            + "prx.task, or a source's with prx.source(\"glob\", { patterns = …, command = … })"),
        // parallelr's own option first, as flags mode reads it: `--p` is `--project`, not `--parser`.
        (["--p", "x"], "'--p': -p/--project is an option of flags mode; it names ptasker mode's TASKER project"),
        (["--e", "x"], "'--e': in flags mode, --e is ambiguous: it could match --env-var, --enable-stop-limits, "
            + "--executor, none of them an option of a recipe's run"),
        (["--re", "x"], "'--re': in flags mode, --re is ambiguous: it could match --resume, --resume-failed, none of "
            + "them an option of a recipe's run"),
    ])
    func namesWhereTheRecipeGivesIt(given: [String], refusal: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("r.lua", "prx.task { \"touch\", \"ran\" }\n")
        let outcome = try await bench.prx(["run", "r.lua", "-r"] + given)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: unknown option \(refusal)\n")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// Every option of flags mode that `prx run` lacks gets a hint, none the bare line.
    @Test(arguments: [
        "-T", "--TasksDir", "-C", "--Command", "-t", "--timeout", "-s", "--sleep", "--file-extension", "-A",
        "--arguments-file", "-E", "--env-var", "-S", "--separator", "--enable-stop-limits", "--feedback",
        "--heartbeat-timeout", "--list-workers", "-k", "--kill", "--yes", "--validate-config", "--show-config",
        "--check-dependencies", "-p", "--project", "--resume", "--resume-failed", "--source", "--executor", "--sink",
        "--stop-policy", "--parser", "--hook",
    ])
    func everyFlagsModeOptionHasAHint(option: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("r.lua", "prx.task { \"true\" }\n")
        let outcome = try await bench.prx(["run", "r.lua", option])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("prx: error: unknown option '\(option)': "), "\(outcome.stderr)")
        #expect(outcome.stderr.contains(" is an option of flags mode; "), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
    }
}
