import Foundation

extension RunHistory {
    /// The entry of a journal's `run_started` configuration that names the run a resumption took up
    /// (`resumed_from=ID`, written by `--resume` and `--resume-failed`).
    public static let resumedFromEntry = "resumed_from"

    /// Whether a run whose journal `laterOwner` owns and names a run (``resumedFromEntry``) whose journal
    /// `earlierOwner` owns counts as a resumption of it. A resumption takes up only a journal of the user it runs as,
    /// so that another user's journal naming one of yours is no resumption of it, and one of yours naming another
    /// user's journal does not make that run one yours resumed (another user's run, in a history others can write to):
    /// not when both owners are known and differ. A run whose journal is gone (`nil`) is still the one the journal
    /// names.
    static func countsAsResumption(byOwner laterOwner: uid_t?, ofRunOwnedBy earlierOwner: uid_t?) -> Bool {
        laterOwner == nil || earlierOwner == nil || laterOwner == earlierOwner
    }

    /// `runs` (oldest first, as ``runs()`` lists them) each with the run it resumed (``RunRecord/resumedFrom``) and
    /// the newest of them that resumed it (``RunRecord/resumedBy``), told by their invocations alone, in one pass: a
    /// map from each run to its newest resumer, where asking each run for its resumer read every journal once per run.
    /// A run `runs` leaves out (its journal unreadable) is looked at only when one of `runs` names it, for its owner.
    func withResumptions(_ runs: [RunRecord]) -> [RunRecord] {
        let owners = Dictionary(runs.map { ($0.runID, $0.owner) }, uniquingKeysWith: { first, _ in first })
        var linked = runs
        var resumers: [String: String] = [:]
        for index in linked.indices {
            let run = linked[index]
            guard let earlier = Self.resumedRun(namedBy: run.invocation, of: run.runID) else { continue }
            let earlierOwner = owners[earlier] ?? journalOwnerFollowingLinks(of: earlier)
            guard Self.countsAsResumption(byOwner: run.owner, ofRunOwnedBy: earlierOwner) else { continue }
            linked[index].resumedFrom = earlier
            resumers[earlier] = run.runID
        }
        for index in linked.indices {
            linked[index].resumedBy = resumers[linked[index].runID]
        }
        return linked
    }

    /// `run` with the run it resumed (``RunRecord/resumedFrom``) and the newest run that resumed it
    /// (``RunRecord/resumedBy``), for one run shown alone: the first line of every other journal of the history is
    /// read once.
    public func withResumptions(of run: RunRecord) -> RunRecord {
        var linked = run
        if let earlier = Self.resumedRun(namedBy: run.invocation, of: run.runID),
            Self.countsAsResumption(byOwner: run.owner, ofRunOwnedBy: journalOwnerFollowingLinks(of: earlier))
        {
            linked.resumedFrom = earlier
        }
        linked.resumedBy = newestResumer(of: run.runID, ownedBy: run.owner)
        return linked
    }

    /// The newest run that resumed run `runID` (``RunRecord/resumedBy``), if one did: with ``trustedWriter``, one of
    /// that user's alone.
    public func resumingRun(of runID: String) -> String? {
        newestResumer(of: runID, ownedBy: journalOwnerFollowingLinks(of: runID))
    }

    /// The newest of the runs whose journals name run `runID`, whose journal `owner` owns, as the run they resumed
    /// (``countsAsResumption(byOwner:ofRunOwnedBy:)``): each journal's first line read once, parsed only when it holds
    /// the entry naming the run, and the few that name it ordered by their starts.
    private func newestResumer(of runID: String, ownedBy owner: uid_t?) -> String? {
        // As the journal writes the entry, an element of the `configuration` array: a run id needs no escaping.
        let entry = "\"\(Self.resumedFromEntry)=\(runID)\""
        let resumers = listedRunIDs().filter { later in
            guard later != runID, let (invocation, laterOwner) = startedRun(later, mentioning: entry),
                Self.resumedRun(namedBy: invocation, of: later) == runID
            else { return false }
            return Self.countsAsResumption(byOwner: laterOwner, ofRunOwnedBy: owner)
        }
        return ordered(resumers).last
    }

    /// The run that the journal of run `runID`, started as `invocation`, says it resumed (``resumedFromEntry``): `nil`
    /// for none, for `runID` itself, and for a name that is no run's id (``isRunID(_:)``), which would name a file
    /// outside the history.
    private static func resumedRun(namedBy invocation: RunInvocation, of runID: String) -> String? {
        guard let earlier = invocation.configuration[resumedFromEntry], earlier != runID, isRunID(earlier)
        else { return nil }
        return earlier
    }

    /// The user who owns the file at the journal's name of run `runID`, a symbolic link followed as reading it
    /// follows it; `nil` when there is none (a run whose journal is gone).
    ///
    /// The corresponding C function is `stat`.
    private func journalOwnerFollowingLinks(of runID: String) -> uid_t? {
        (try? FileStatus(ofFileAt: journalPath(for: runID)))?.owner
    }
}
