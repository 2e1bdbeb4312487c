/// What the journal's lines added to its file and not yet known to be written say (a task's start or end), each with
/// the byte offset its line ends at: a failed write drops the lines it was to write, cutting the file back
/// (``WriteThroughFile``), and what they said must not be counted then. Told how far the file holds its lines after
/// each write, it hands over what the lines the file now holds say, and forgets what the dropped ones said.
struct LinesAwaitingWrite<Entry> {
    /// The entries in the order their lines were added.
    private var entries: [Entry] = []
    /// The journal's size once each entry's line is written, in the order of `entries`. Kept apart from the entries,
    /// so that finding those a write settles, at each of the journal's lines and writes, reads numbers and copies no
    /// entry (a task's whole result, for ``JournalEnding``).
    private var lineEnds: [Int] = []

    /// Notes `entry`, whose line was just added, ending at byte `lineEnd` of the journal.
    mutating func append(_ entry: Entry, lineEnd: Int) {
        entries.append(entry)
        lineEnds.append(lineEnd)
    }

    /// What the lines added and not yet written say, in their order: these are written with any line added now, which
    /// follows them, or dropped with it.
    var awaiting: some Collection<Entry> {
        entries
    }

    /// Takes out the entries whose lines the file holds, which holds the journal's first `writtenSize` bytes, handing
    /// each to `take` in order, and forgets those whose lines end past `size`, the journal's size with the lines not
    /// yet written: a failed write dropped them. (Handed over rather than returned: this runs at each of the journal's
    /// lines and writes, and an array of them would be made each time.)
    mutating func settle(writtenSize: Int, size: Int, _ take: (Entry) -> Void) {
        var writtenCount = 0
        while writtenCount < lineEnds.count, lineEnds[writtenCount] <= writtenSize {
            take(entries[writtenCount])
            writtenCount += 1
        }
        if writtenCount == lineEnds.count {
            // Every line written, as after each write but a failed one: the arrays keep their storage for the next.
            if writtenCount > 0 {
                entries.removeAll(keepingCapacity: true)
                lineEnds.removeAll(keepingCapacity: true)
            }
            return
        }
        if writtenCount > 0 {
            entries.removeFirst(writtenCount)
            lineEnds.removeFirst(writtenCount)
        }
        while let last = lineEnds.last, last > size {
            entries.removeLast()
            lineEnds.removeLast()
        }
    }

    /// The last of the entries awaiting their write that `matches` picks, if one does.
    func last(where matches: (Entry) -> Bool) -> Entry? {
        entries.last(where: matches)
    }
}

extension LinesAwaitingWrite: Sendable where Entry: Sendable {}
