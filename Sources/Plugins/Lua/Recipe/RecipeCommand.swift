/// What a recipe task runs: a program and its arguments, a shell command line, or a Lua function that builds one
/// of those from the task's dependencies' results when the task starts.
///
/// A program's words are not here but in the recipe's ``RecipeTaskList``, end to end with every other task's
/// (``RecipeTaskList/argv(at:)`` gives them): an array of its own took some 80 bytes a task.
public enum RecipeCommand {
    /// `prx.task{ "make", "-j2" }`: the program and its arguments, no shell, kept by the task list.
    case argv
    /// `prx.task{ sh = "make report > report.txt" }`: run by `/bin/sh -c`.
    case shell(String)
    /// `prx.task{ cmd = function(deps) … end }`: called when the task starts.
    case function(LuaFunctionReference)

    /// What `/bin/sh` is given to run `line`.
    static func shellArgv(_ line: String) -> [String] {
        ["/bin/sh", "-c", line]
    }

    /// Reads a command from what a `cmd` function returned: an argv array or `{ sh = "…" }`, checked as `prx.task`
    /// checks its own (no other field, not both).
    ///
    /// - Throws: ``RecipeError`` when the value is neither, has a `nil` among its words, names an empty program or a
    ///   blank `sh`, or holds a NUL byte, which no program can be given (the task that called the function names
    ///   itself and its line in front).
    static func built(from value: LuaValue) throws(RecipeError) -> [String] {
        guard let table = value.tableValue else {
            throw RecipeError("cmd must return an argv table or { sh = \"...\" } (got \(value.typeName))")
        }
        try RecipeError.refuseHole(in: table, "cmd result")
        if let key = table.map.keys.lazy.filter({ $0 != "sh" }).min(by: { $0.precedes($1) }) {
            throw RecipeError("cmd returned an unknown field \(key.fieldName) (valid: sh, or an argv list)")
        }
        if let shell = table.map["sh"] {
            guard table.array.isEmpty else {
                throw RecipeError("cmd returned both an argv list and sh: give one of them")
            }
            guard case .string(let line) = shell else {
                throw RecipeError("cmd result sh must be a string (got \(shell.typeName))")
            }
            try RecipeError.refuseNUL(line, "cmd result sh", why: unrunnable)
            try refuseBlank(shellLine: line, "cmd result sh")
            return shellArgv(line)
        }
        guard !table.array.isEmpty else {
            throw RecipeError("cmd returned a table without a program: give { \"prog\", \"arg\" } or { sh = \"...\" }")
        }
        let argv = try table.array.enumerated().map { index, element throws(RecipeError) in
            let word = try RecipeError.word(element, "cmd result element \(index + 1)")
            try RecipeError.refuseNUL(word, "cmd result element \(index + 1)", why: unrunnable)
            return word
        }
        // As prx.task refuses its own: the executor's error for it would name neither the task nor its line.
        guard !argv[0].isEmpty else { throw RecipeError("the program (cmd result element 1) is empty") }
        return argv
    }

    /// Throws `what must not be empty or blank` when `line`, a `sh` command line, holds nothing but spaces, tabs,
    /// line feeds and carriage returns (those `-C` is split at): `/bin/sh -c` would run no command and succeed,
    /// where an empty program, and a blank `-C` in flags mode, are refused.
    static func refuseBlank(shellLine line: String, _ what: String) throws(RecipeError) {
        guard line.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return }
        throw RecipeError("\(what) must not be empty or blank")
    }

    /// Why a word of a command must not hold a NUL byte.
    private static let unrunnable = "which no program can be given"
}
