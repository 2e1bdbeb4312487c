/// An error of a task source whose message names the flag that gave the value at fault, as flags mode has it
/// (`cannot open arguments file hosts.txt: … (-A)`), where a recipe's `prx.source` or a `--set` gave that value as
/// a setting (`args-file.file`), a flag the user never gave.
///
/// Its `description` names the flags; ``described(naming:)`` names what `origin` answers for each, which the
/// command knows and the source does not.
public protocol FlagNamingError: Error, CustomStringConvertible {
    /// The message, with each flag flags mode would name (`-A`, `-T`, `--file-extension`) replaced by what
    /// `origin` answers for it: the flag itself in flags mode, the source's setting for it in a recipe.
    func described(naming origin: (_ flag: String) -> String) -> String
}

extension FlagNamingError {
    /// The message in flags mode, naming the flags.
    public var description: String {
        described { $0 }
    }
}
