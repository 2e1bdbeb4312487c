extension PRX {
    /// The flags given that the run leaves unused, each as the warning that names it: `-E` and `-S` without `-A`,
    /// `--file-extension` with it (`--source` refuses all three), `-p` outside ptasker mode.
    ///
    /// parallelr takes each of them there and does nothing with it, so that a parallelr command line runs as it did,
    /// and a warning says the flag does nothing. prx warned of `-E`, but refused `-S` (exit 2) and said nothing of
    /// `-p` and `--file-extension`. A value that no run takes (`-S bogus`) is refused all the same, before this
    /// (``RunPlan/refuseFlagValues(of:by:)``). `invocation` is the name prx runs under, which decides ptasker mode.
    func unusedFlagWarnings(invokedAs invocation: InvocationName) -> [String] {
        let withoutArguments = argumentsFile == nil && sourceName == nil
        let unused = [
            (envVars != nil && withoutArguments, "-E/--env-var is not used without -A/--arguments-file"),
            (separator != nil && withoutArguments, "-S/--separator is not used without -A/--arguments-file"),
            (fileExtension != nil && argumentsFile != nil, "--file-extension is not used with -A/--arguments-file"),
            (project != nil && !invocation.isPtasker,
                "-p/--project is not used outside ptasker mode (prx run by a name starting with ptasker)"),
        ]
        return unused.filter { $0.0 }.map { $0.1 }
    }
}
