extension RunHistory {
    /// Refuses a history whose directory cannot be listed: a file stands at its path or at one of its parents' (a
    /// `$PRX_HOME/history` that is a regular file), or it may not be read. A directory not made yet is an empty
    /// history (no run has been journaled). Read as empty, such a history had `prx history` say "No runs in the
    /// history." and exit 0, though every run was refused.
    ///
    /// - Throws: ``HistoryError`` naming the directory and why (``DirectoryListing/problem(with:)``).
    public func checkReadable() throws(HistoryError) {
        if let problem = DirectoryListing.problem(with: directory) {
            throw HistoryError(description: "cannot read the history directory \(directory): \(problem)")
        }
    }
}
