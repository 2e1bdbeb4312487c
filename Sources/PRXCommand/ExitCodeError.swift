/// Ends the command with an exit status and no message (the summary already said what happened).
struct ExitCodeError: Error {
    var status: Int32
}
