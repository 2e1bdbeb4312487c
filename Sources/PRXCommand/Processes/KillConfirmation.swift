import Foundation

/// The question `-k` without a PID asks before it stops every prx run: `yes`, typed on a terminal, or `--yes`.
struct KillConfirmation {
    /// Whether `--yes` was given.
    var assumeYes: Bool
    /// Where the answer is typed.
    var input: FileDescriptor = .standardInput
    /// Reads the answer, one line.
    var readAnswer: () -> String? = { readLine() }

    /// Asks whether to stop `count` runs and returns whether the answer was `yes`.
    ///
    /// - Throws: ``CommandFailure`` (exit status 2) when there is no terminal to ask on and no `--yes`.
    func confirm(_ count: Int) throws(CommandFailure) -> Bool {
        if assumeYes { return true }
        guard input.isTerminal else {
            throw CommandFailure(
                message: "-k without a PID kills every running prx process (\(count)); confirm on a terminal or add --yes")
        }
        FileHandle.standardOutput.write(
            Data("About to kill \(count) running prx process(es). Are you sure? Type 'yes' to confirm: ".utf8))
        return readAnswer()?.trimmingCharacters(in: .whitespaces) == "yes"
    }
}
