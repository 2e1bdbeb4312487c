/// Runs `body`; the one way the command turns a plugin's or recipe's error into its one-line message: errors that are not
/// already a ``CommandFailure`` become one, with exit status 2.
func built<T>(_ body: () throws -> T) throws(CommandFailure) -> T {
    do {
        return try body()
    } catch let failure as CommandFailure {
        throw failure
    } catch {
        throw CommandFailure(message: "\(error)")
    }
}
