/// Where the setting of one of flags mode's options lives for a Lua recipe, for ``UnknownOptionMessage`` to say when
/// `prx run` is given an option of flags mode that it does not have (`prx run r.lua -t 5`): the recipe's own call
/// (`-t/--timeout is an option of flags mode; a recipe gives it as prx.config{ timeout = … } or a task's timeout`),
/// or, for an option that has none (`--list-workers`, `-k`), the flags-mode command line it belongs to. Each place
/// named is one docs/RECIPES.md and `prx plugins` document. `-D/--daemon` is not here: ``UnknownOptionMessage``
/// says that a recipe's run cannot be a daemon.
enum FlagsModeOptionInRecipeRun {
    /// One of flags mode's options that `prx run` does not have, and what to say of it.
    private struct Entry {
        /// Its short name's letter, if it has one (`t` of `-t`).
        var short: Character?
        /// Its long name, with its dashes (`--timeout`).
        var long: String
        /// Whether it takes a value, which a short name may have joined to it (`-t5`).
        var takesValue: Bool
        /// The end of the line: where a recipe gives the setting (`a recipe gives it as …`), or the flags-mode command
        /// line that takes it.
        var hint: String

        /// The option's names as help writes them: `-t/--timeout`, `--sink`.
        var names: String { short.map { "-\($0)/\(long)" } ?? long }
    }

    /// The options, in the order of flags mode's help.
    private static let entries: [Entry] = [
        Entry(
            short: "T", long: "--TasksDir", takesValue: true,
            hint: "a recipe declares its tasks with prx.task, or a source's with prx.source(\"glob\", { patterns = …, "
                + "command = … })"),
        Entry(
            short: "C", long: "--Command", takesValue: true,
            hint: "a recipe gives each prx.task its command, or a source its command setting "
                + "(prx.source(\"glob\", { patterns = …, command = … }))"),
        Entry(
            short: "t", long: "--timeout", takesValue: true,
            hint: "a recipe gives it as prx.config{ timeout = … } or a task's timeout"),
        Entry(short: "s", long: "--sleep", takesValue: true, hint: "a recipe gives it as prx.config{ sleep = … }"),
        Entry(
            short: nil, long: "--file-extension", takesValue: true,
            hint: "a recipe gives it as a source's ext setting (prx.source(\"glob\", { …, ext = … }))"),
        Entry(
            short: "A", long: "--arguments-file", takesValue: true,
            hint: "a recipe reads one with prx.source(\"args-file\", { file = …, command = … })"),
        Entry(
            short: "E", long: "--env-var", takesValue: true,
            hint: "a recipe gives it as a task's env, or the args-file source's env setting"),
        Entry(
            short: "S", long: "--separator", takesValue: true,
            hint: "a recipe gives it as the args-file source's separator setting"),
        Entry(
            short: nil, long: "--enable-stop-limits", takesValue: false,
            hint: "a recipe gives it as prx.config{ stop_limits = true }"),
        Entry(
            short: nil, long: "--feedback", takesValue: false,
            hint: "a recipe gives it as prx.set(\"local.feedback\", true), or --set local.feedback=true"),
        Entry(
            short: nil, long: "--heartbeat-timeout", takesValue: true,
            hint: "a recipe gives it as prx.set(\"local.heartbeat_timeout\", …), or --set local.heartbeat_timeout=…"),
        Entry(
            short: nil, long: "--list-workers", takesValue: false,
            hint: "\(InvocationName.command) --list-workers lists the running prx processes"),
        Entry(short: "k", long: "--kill", takesValue: false, hint: "\(InvocationName.command) -k PID stops a run"),
        Entry(short: nil, long: "--yes", takesValue: false, hint: "it answers -k/--kill's question"),
        Entry(
            short: nil, long: "--validate-config", takesValue: false,
            hint: "\(InvocationName.command) --validate-config checks the configuration files"),
        Entry(
            short: nil, long: "--show-config", takesValue: false,
            hint: "\(InvocationName.command) --show-config prints the configuration"),
        Entry(
            short: nil, long: "--check-dependencies", takesValue: false,
            hint: "\(InvocationName.command) --check-dependencies says which optional parts prx finds"),
        Entry(short: "p", long: "--project", takesValue: true, hint: "it names ptasker mode's TASKER project"),
        Entry(
            short: nil, long: "--resume", takesValue: true,
            hint: "it takes up flags-mode runs only: run the recipe again"),
        Entry(
            short: nil, long: "--resume-failed", takesValue: true,
            hint: "it takes up flags-mode runs only: run the recipe again"),
        Entry(
            short: nil, long: "--source", takesValue: true,
            hint: "a recipe chooses a source with prx.source(NAME, { … })"),
        Entry(
            short: nil, long: "--executor", takesValue: true, hint: "a recipe gives it as prx.config{ executor = … }"),
        Entry(short: nil, long: "--sink", takesValue: true, hint: "a recipe adds a sink with prx.sink(NAME, { … })"),
        Entry(
            short: nil, long: "--stop-policy", takesValue: true,
            hint: "a recipe chooses one with prx.stop_policy(NAME) or prx.stop_when(function)"),
        Entry(
            short: nil, long: "--parser", takesValue: true,
            hint: "a recipe splits a file's lines with prx.lines(FILE, { parse = function(line) … end })"),
        Entry(
            short: nil, long: "--hook", takesValue: true,
            hint: "a recipe sets its hooks with prx.on_start, prx.on_placed, prx.on_finish and prx.on_done"),
    ]

    /// The line's end for the option `name`, as the refusal names it: a long name (`--timeout`) or a prefix flags mode
    /// takes for it (`--time`, ``PRX/longOptions``), a short one (`-t`), or a short one with its value joined (`-t5`);
    /// for a prefix flags mode finds ambiguous (`--e`), the options it could match, as flags mode says it; `nil` for a
    /// name that is none of flags mode's options `prx run` lacks.
    ///
    /// A prefix had the bare refusal, where the whole name was told where its setting goes: `prx run` takes prefixes
    /// of its own options as flags mode takes its own, and so the user may well have meant flags mode's.
    static func hint(for name: String) -> String? {
        var long = name
        if name.hasPrefix("--"), !entries.contains(where: { $0.long == name }) {
            do {
                guard let option = try PRX.longOptions.resolve(String(name.dropFirst(2))) else { return nil }
                long = "--" + option.long
            } catch {
                let candidates = error.candidates.map { "--" + $0 }.joined(separator: ", ")
                return "in flags mode, \(name) is ambiguous: it could match \(candidates), none of them an option "
                    + "of a recipe's run"
            }
        }
        let entry = entries.first { entry in
            if long == entry.long { return true }
            guard let short = entry.short, name.count >= 2, name.hasPrefix("-"), !name.hasPrefix("--"),
                name.dropFirst().first == short
            else { return false }
            return name.count == 2 || entry.takesValue
        }
        return entry.map { "\($0.names) is an option of flags mode; \($0.hint)" }
    }
}
