/// The name among several that a word a person typed most likely misspells: a command's (`prx stauts`) or an
/// option's (`--timout`), which the refusal of the word then offers (`did you mean …?`).
enum Misspelling {
    /// The one of `names` that `word` most likely misspells: the nearest by letters added, dropped, changed or
    /// swapped, ignoring case, within one of a short name (`run`, `max`) and two of a longer one; `nil` when none is
    /// that near. Beyond that, a short word is near every short name (`csv` is three from `run`), and a hint to one of
    /// them is a guess, not the user's mistake.
    static func closest(to word: String, among names: [String]) -> String? {
        let typed = Array(word.lowercased())
        return names.map { ($0, editDistance(typed, Array($0.lowercased()))) }
            .filter { name, distance in distance <= (name.count <= 4 ? 1 : 2) }
            .min { $0.1 < $1.1 }?.0
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
