import Foundation
import PRXPlugins

/// The question prx asks before it does something it cannot undo (`-k` without a PID, `history --clear`):
/// `yes` (in any case, as parallelr takes it) on standard input, typed on a terminal or piped (`echo yes | prx -k`),
/// or `--yes`.
struct Confirmation {
    /// Whether `--yes` was given.
    var assumeYes: Bool
    /// Where the answer comes from.
    var input: FileDescriptor = .standardInput
    /// Reads the answer, one line; `nil` at the end of the input.
    var readAnswer: () -> String? = { readLine() }

    /// Asks `question` and returns whether the answer was `yes`.
    ///
    /// - Throws: ``CommandFailure`` (exit status 2) with `refusal` when standard input, no terminal, ends before
    ///   an answer (`/dev/null`, a closed pipe) and there is no `--yes`.
    func confirm(_ question: String, refusal: String) throws(CommandFailure) -> Bool {
        if assumeYes { return true }
        try? FileDescriptor.standardOutput.writeAll(Array("\(question) Type 'yes' to confirm: ".utf8))
        guard let answer = readAnswer() else {
            if input.isTerminal { return false }
            throw CommandFailure(message: refusal)
        }
        return answer.trimmingCharacters(in: .whitespaces).lowercased() == "yes"
    }

    /// The question of `-k` without a PID, about to stop `count` runs.
    func confirmKillingAll(_ count: Int) throws(CommandFailure) -> Bool {
        try confirm(
            "About to kill \(count) running prx process(es). Are you sure?",
            refusal: "-k without a PID kills every running prx process (\(count)); "
                + "answer yes on standard input or add --yes")
    }
}
