/// A recipe's tasks in definition order, kept in blocks of a fixed number of tasks rather than in one array, and the
/// words of their argv lists end to end in one store.
///
/// An array that grows by doubling holds, while it copies itself, its old buffer beside the new one, half as much
/// again as the tasks take, and afterwards up to twice the room they need: at a million tasks that was some 40 MB of
/// the peak. Appending here never moves a task declared before; only the short list of blocks grows.
///
/// A task's words in an array of its own took some 80 bytes for two words (the array's 32-byte header, 16 bytes a
/// word, and the allocator's own header); in the store they take 16 bytes a word and the 4 bytes of where they start.
public struct RecipeTaskList: RandomAccessCollection {
    /// Tasks per block, a power of two: 16,384 tasks, some 900 KiB. Each block is one request too large for the C
    /// library's bins, which makes it sort its freed small chunks first: blocks of 1,024 tasks, 977 such requests at
    /// a million tasks, left the small allocations of declaring a task slower, 5% of a dry run's CPU.
    private static let blockShift = 14
    private static let blockMask = (1 << blockShift) - 1

    private var blocks: [[RecipeTask]] = []
    /// Each task's words, by definition index: its program and arguments for ``RecipeCommand/argv``, none otherwise.
    private var words = FlatLists<String>()
    /// How many tasks the list holds.
    public private(set) var count = 0

    /// Creates an empty list.
    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    /// The task at definition index `index`; an index out of range traps, as an array's does (in the blocks).
    public subscript(index: Int) -> RecipeTask {
        blocks[index >> Self.blockShift][index & Self.blockMask]
    }

    /// The program and arguments the task at `index` runs: its argv words, `/bin/sh -c` and its shell command line,
    /// or `nil` for a `cmd` function, which gives them when the task starts.
    public func argv(at index: Int) -> [String]? {
        switch self[index].command {
        case .argv: Array(words[index])
        case .shell(let line): RecipeCommand.shellArgv(line)
        case .function: nil
        }
    }

    /// Adds `task` after the last task, with `argv`, its program and arguments when its command is
    /// ``RecipeCommand/argv`` (empty otherwise). The first block grows as an array does, so that a recipe of a few
    /// tasks takes room for a few; each block after it is made whole at once.
    mutating func append(_ task: RecipeTask, argv: some Collection<String>) {
        if case .argv = task.command {
            precondition(!argv.isEmpty, "an argv task without a program")
        } else {
            precondition(argv.isEmpty, "words for a task that runs no argv list")
        }
        words.append(argv)
        if count & Self.blockMask == 0 {
            blocks.append([])
            if count > 0 { blocks[blocks.count - 1].reserveCapacity(Self.blockMask + 1) }
        }
        blocks[blocks.count - 1].append(task)
        count += 1
    }
}
