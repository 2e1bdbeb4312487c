import PRXKernel

extension TaskSpec {
    /// The most entries a task's metadata holds for ``metadataValues(_:_:)`` to compare each with the keys rather
    /// than look the keys up: the task-file and arguments-file sources set three or four.
    static let metadataEntriesCompared = 6

    /// The values of the metadata keys `first` and `second`, as `metadata[first]` and `metadata[second]` give them.
    ///
    /// The sinks that record two of a task's facts (its task file and its command line, its task file and its
    /// feedback) read them here, once per result, rather than by two lookups: a lookup hashes its key, some 600
    /// instructions, where a pass over the few entries a source sets compares each with the keys for less. Metadata of
    /// more entries (a plugin's) is looked up.
    func metadataValues(_ first: String, _ second: String) -> (String?, String?) {
        // A recipe's tasks have none: nothing to compare, not even a pass to begin.
        guard !metadata.isEmpty else { return (nil, nil) }
        guard metadata.count <= Self.metadataEntriesCompared else { return (metadata[first], metadata[second]) }
        var values: (String?, String?) = (nil, nil)
        for (key, value) in metadata {
            if key == first {
                values.0 = value
            } else if key == second {
                values.1 = value
            }
        }
        return values
    }
}
