/// Short options written together as Python's argparse takes them, and so parallelr's users type them, split into
/// the separate arguments swift-argument-parser takes: `-rm2` is `-r -m2`, `-rdk12345` is `-r -d -k 12345`.
///
/// swift-argument-parser takes a cluster of flags (`-rd`) and a value joined to a lone option (`-m2`), but reads
/// `-rm2` as the flags `-r`, `-m` and `-2`, so that `-m` took the next argument as its value; and it takes no value
/// joined to `-k`, whose PID is an argument of its own. Like argparse, a cluster is read letter by letter: a flag's
/// letter stands alone, and the rest of the cluster after an option that takes a value is that value. An argument
/// that is not such a cluster (a long option, a negative number, a letter no option has), the value of the
/// option before it, and every argument after `--` are passed on as they are, for the parser to take or refuse.
struct ShortOptionClusters {
    /// Letters of the options that take no value.
    var flags: Set<Character>
    /// Letters of the options that take a value, in the same argument (`-m2`) or the next one (`-m 2`).
    var valued: Set<Character>
    /// Letters of flags followed by an optional value of their own, an argument that need not follow them
    /// directly (`-k PID`): a value joined to one (`-k12345`, `-k=12345`, `-k=`, empty) becomes the next argument.
    var flagsWithArgument: Set<Character> = []

    /// `arguments` with every cluster split.
    func split(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var valueFollows = false
        for (index, argument) in arguments.enumerated() {
            if argument == "--" {
                result += arguments[index...]
                break
            }
            if valueFollows {
                result.append(argument)
                valueFollows = false
                continue
            }
            let parts = expand(argument)
            result += parts
            if let last = parts.last, last.count == 2, last.hasPrefix("-"), valued.contains(last.last!) {
                valueFollows = true
            }
        }
        return result
    }

    /// The separate options of one argument, or the argument alone when it is not a cluster of known letters.
    private func expand(_ argument: String) -> [String] {
        guard argument.count > 2, argument.hasPrefix("-"), !argument.hasPrefix("--") else { return [argument] }
        var parts: [String] = []
        var rest = argument.dropFirst()
        while let letter = rest.first {
            rest = rest.dropFirst()
            if valued.contains(letter) {
                return parts + ["-\(letter)\(rest)"]
            }
            if flagsWithArgument.contains(letter) {
                // argparse takes `-k=12345` as `-k12345`, and `-k=` as `--kill=`, an empty argument, which the command
                // refuses: `-k=` was `-k`, which stops every prx process.
                if rest.first == "=" { return parts + ["-\(letter)", String(rest.dropFirst())] }
                return parts + ["-\(letter)"] + (rest.isEmpty ? [] : [String(rest)])
            }
            guard flags.contains(letter) else { return [argument] }
            parts.append("-\(letter)")
        }
        return parts
    }
}
