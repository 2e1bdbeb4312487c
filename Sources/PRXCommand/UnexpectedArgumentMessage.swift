import PRXPlugins

/// The one line that refuses a word prx's flags mode takes no place for (``LongOptionSpelling/UnexpectedArgument``),
/// naming the word and, where the likely mistake can be told from the command line, its fix:
/// - a word after `-C`'s value: a command template the shell split into words, `-C bash @TASK@`;
/// - a Lua file: a recipe, which `prx run FILE` runs;
/// - a first word close to a command's name: `prx stauts`, `prx histroy`;
/// - a word after the value of another option of one value: `-A hosts.txt more.txt`;
/// - a number: a PID, which only `-k` takes.
///
/// It used to be `a PID is only taken by -k/--kill` whatever the word, which named neither it nor the mistake.
enum UnexpectedArgumentMessage {
    /// The line for `argument`, without `prx: error: `; `commands` are the names of prx's commands (`run`, …).
    static func message(for argument: LongOptionSpelling.UnexpectedArgument, commands: [String]) -> String {
        let word = argument.word
        let refusal = "unexpected argument '\(word)'"
        if let (option, value) = argument.following, option.long == "Command" {
            let template = ([value, word] + argument.wordsAfter).joined(separator: " ")
            return "\(refusal) after \(spelling(option)) '\(value)': quote the whole command template, as in "
                + "-C \(ShellWords.quote(template))"
        }
        if word.lowercased().hasSuffix(".lua") {
            return "\(refusal): a Lua recipe is run with prx run \(ShellWords.quote(word))"
        }
        if argument.isFirst, let command = closestCommand(to: word, among: commands) {
            return "\(refusal): did you mean prx \(command)?"
        }
        if let (option, value) = argument.following {
            return "\(refusal) after \(spelling(option)) '\(value)': \(spelling(option)) takes one value"
        }
        if word.allSatisfy(\.isNumber) {
            return "\(refusal): a PID is taken by -k/--kill only (prx -k \(word))"
        }
        return "\(refusal): prx takes options and their values only (see 'prx --help')"
    }

    /// The option as messages name it: `-A/--arguments-file`, or `--log-dir` for one without a letter.
    private static func spelling(_ option: LongOptionSpelling.Option) -> String {
        option.short.map { "-\($0)/--\(option.long)" } ?? "--\(option.long)"
    }

    /// The command among `commands` that `word` most likely misspells: the nearest by letters added, dropped,
    /// changed or swapped, ignoring case, within one of a short name (`run`) and two of a longer one.
    private static func closestCommand(to word: String, among commands: [String]) -> String? {
        let typed = Array(word.lowercased())
        let near = commands.map { ($0, editDistance(typed, Array($0))) }
            .filter { command, distance in distance <= (command.count <= 4 ? 1 : 2) }
        return near.min { $0.1 < $1.1 }?.0
    }

    /// The optimal string alignment distance between `a` and `b`: the edits (a letter added, dropped or changed, two
    /// neighbours swapped) that make one the other, each part edited once.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let change = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + change)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
