import ArgumentParser

/// A command whose lists prx fills itself once swift-argument-parser has read the rest of its command line
/// (``SpelledArguments``): the values of its options of several values (`-T a b c`, `--set` given again and again) and
/// the words after `--`, which the parser reads in time that grows with the square of their number.
///
/// The command's `validate()`, which the parser calls as it parses, sees these lists empty.
protocol ListFillingCommand: ParsableCommand {
    /// The list each option of several values fills, by the option's long name (`TasksDir`: the `-T` paths), and
    /// under `--` the one the words after `--` fill. An option of several values not here is read by the parser.
    static var listsFilledAfterParsing: [String: WritableKeyPath<Self, [String]>] { get }
}

extension ListFillingCommand {
    /// The command `spelled` gives: parsed by swift-argument-parser, then its lists filled.
    static func parse(_ spelled: SpelledArguments) throws -> Self {
        var command = try parse(spelled.arguments)
        for (name, values) in spelled.lists {
            guard let list = listsFilledAfterParsing[name] else { continue }
            command[keyPath: list] = values
        }
        return command
    }
}
