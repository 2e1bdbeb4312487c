import Foundation

/// The question prx asks before it does something it cannot undo (`-k` without a PID, `history --clear`):
/// `yes`, typed on a terminal, or `--yes`.
struct Confirmation {
    /// Whether `--yes` was given.
    var assumeYes: Bool
    /// Where the answer is typed.
    var input: FileDescriptor = .standardInput
    /// Reads the answer, one line.
    var readAnswer: () -> String? = { readLine() }

    /// Asks `question` and returns whether the answer was `yes`.
    ///
    /// - Throws: ``CommandFailure`` (exit status 2) with `refusal` when there is no terminal to ask on and no
    ///   `--yes`.
    func confirm(_ question: String, refusal: String) throws(CommandFailure) -> Bool {
        if assumeYes { return true }
        guard input.isTerminal else { throw CommandFailure(message: refusal) }
        try? FileDescriptor.standardOutput.write(Array("\(question) Type 'yes' to confirm: ".utf8))
        return readAnswer()?.trimmingCharacters(in: .whitespaces) == "yes"
    }

    /// The question of `-k` without a PID, about to stop `count` runs.
    func confirmKillingAll(_ count: Int) throws(CommandFailure) -> Bool {
        try confirm(
            "About to kill \(count) running prx process(es). Are you sure?",
            refusal: "-k without a PID kills every running prx process (\(count)); confirm on a terminal or add --yes")
    }
}
