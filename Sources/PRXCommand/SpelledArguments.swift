/// A command line in swift-argument-parser's spelling (``LongOptionSpelling``), shortened for the parser, which reads
/// a long one in time that grows with the square of its length: it merges where each value came from into all those
/// of its option before, and takes the words it has read out of the rest one by one, so that `-T dir/*` of 16,000
/// files took 14 seconds before a dry run printed anything, and 20,000 `-m 5` a minute.
///
/// So the parser reads each option once at most: a flag or an option of one value given again is given once, its
/// last time (which the parser keeps of them all); the values of an option of several values that the command fills
/// itself (``ListFillingCommand``), and the words after `--` of one that passes them on, it does not read at all.
struct SpelledArguments {
    /// What swift-argument-parser reads.
    var arguments: [String]
    /// The values of each option the parser does not read, by its long name (`TasksDir`), in the order given; those
    /// after `--` under `--`.
    var lists: [String: [String]] = [:]
}
