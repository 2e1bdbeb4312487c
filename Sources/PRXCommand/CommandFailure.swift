/// An error that ends the command with a message for the user and a chosen exit status.
struct CommandFailure: Error {
    /// What went wrong, naming the file, line or flag.
    var message: String
    /// The process exit status.
    var exitStatus: Int32 = 2
    /// The setting of the plugin being made whose value failed (`file` for an `args-file.file` that cannot be
    /// opened), when the message names it: ``built(making:_:with:at:_:)`` then names the configuration file's line that
    /// gave the value, if one did.
    var setting: String?
}
