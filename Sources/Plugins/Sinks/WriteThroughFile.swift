#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that sinks write through: bytes ``add(_:)``ed are kept until the next ``flush()``, which hands them
/// all to the kernel with one `write(2)` on an `open(2)`ed descriptor. A sink adds as it receives events and
/// flushes when the scheduler says its turn is over, so every row of a turn survives prx being killed with
/// `SIGKILL` once the turn is done, and a turn's rows cost one system call. Nothing is synced to disk: the
/// kernel's page cache holds it, which is what survives a killed process (a power cut is another matter),
/// unless ``syncsEachFlush`` asks for an `fdatasync` after each flush.
///
/// The descriptor is opened close-on-exec, so tasks that prx spawns do not inherit it, and closed when the
/// value goes away. It is opened to append to (`O_APPEND`) whatever the ``Mode``: prx only ever adds to the file, once
/// it is emptied, so that the kernel puts each write at the file's end as it makes it, and a line another program adds
/// (`echo note >> out.csv`) between prx's look at the file's length and its write is not written over.
///
/// A file can keep disk space past its end for its last lines (``keepRoom(forLastLines:)``: the journal's end line),
/// so that they are written on a full disk.
///
/// A FIFO (or a pipe, `--json /dev/stdout`) is written without blocking: a flush that finds it full waits for
/// room ``roomWaitMilliseconds`` at a time, and gives up once the Swift task it runs in is cancelled (a signal
/// interrupted the run) and the reader has then taken nothing for ``readerPatience``, where a reader that stopped
/// reading held prx in `write(2)`, deaf to signals. A reader that goes on reading gets every line.
final class WriteThroughFile {
    /// How an existing file at the path is treated.
    enum Mode {
        /// Its content is discarded.
        case truncate
        /// Its content is kept until ``discardEarlierContent()`` (or the first write), then discarded: a run refused
        /// once its sinks are made (a later sink's factory threw, the history could not be written) leaves the file as
        /// it was. A regular file is locked (`flock`) while it is open, and one another prx holds so is refused.
        case truncateWhenRunStarts
        /// Writes go after its content.
        case append
        /// Writes go after its content, which the run being resumed wrote: a regular file is locked as for
        /// ``truncateWhenRunStarts``, since a run going that empties it as it starts writes over what is added.
        case appendForResumption

        /// Whether the file is locked while it is open (``ResultFileLock``).
        var locksTheFile: Bool { self == .truncateWhenRunStarts || self == .appendForResumption }

        /// Whether writes go after the file's content.
        var addsToTheFile: Bool { self == .append || self == .appendForResumption }
    }

    /// The file's path, as given.
    private(set) var path: String
    /// The file's size in bytes: what it held when opened (in append mode) plus everything added since.
    private(set) var size: Int
    /// How many bytes of the file are in it: its ``size`` but for the bytes added and not yet flushed.
    var writtenSize: Int { size - pending.count }
    /// How far other programs moved the file's end during the run, in bytes, in all: less each cut's loss, plus what
    /// each added (``followOtherPrograms(before:)``). The bytes prx adds next go that much further from the start than
    /// its own count of bytes says, so that a position among them in that count (``size`` less this), which a sink
    /// notes as it adds a line, stays where the line is whatever another program does.
    private(set) var endMoved = 0
    /// Whether each flush also waits until its bytes are on the disk, so that a machine crash or a power cut
    /// loses nothing flushed (`--sync`). Costs a disk flush per flush. A FIFO, a pipe, a socket or a character
    /// device (`/dev/null`) is not synced: it has no disk to flush to, and `fdatasync` refuses it (`EINVAL`).
    var syncsEachFlush = false
    /// Whether another program cutting the file short during the run loses rows the run must have (a result file,
    /// the journal), so that the next write throws (``followOtherPrograms(before:)``), or is a log's rotation
    /// (logrotate's `copytruncate`), which a log follows without a word, as a file opened to append to does: the main
    /// log's.
    var cutLosesRows = true
    /// Whether the file opened is a regular file, as `fstat` found it when it was opened: not a FIFO, a pipe, a
    /// socket or a device (`/dev/null`), nor a symbolic link to one; `false` when `fstat` could not tell.
    let isRegularFile: Bool
    /// Which file was opened, as `fstat` found it when it was opened; `nil` when `fstat` could not tell.
    let identity: FileIdentity?
    private let descriptor: Int32
    /// Whether `fdatasync` applies to the file: a regular file or a block device (or one `fstat` could not tell).
    private let isSyncable: Bool
    /// Bytes added since the last flush.
    private var pending: [UInt8] = []
    /// Why a FIFO's writes were given up for good: set when a flush gave up waiting for room, since the FIFO may
    /// then end in half a line, which no later line should follow.
    private var abandonment: SinkFileError?
    /// Whether bytes added were left out: a write failed, or found no room to keep past them
    /// (``keepRoom(forLastLines:)``), and dropped them; or bytes written were lost, as another program cut the file
    /// short during the run (``followOtherPrograms(before:)``).
    private(set) var leftBytesOut = false
    /// The disk space kept past the file's end for its last lines, in bytes (``keepRoom(forLastLines:)``); 0 for none.
    private var keptRoom = 0
    /// The size the file may not pass (`ulimit -f`), as it was when room began to be kept or last read again
    /// (``readSizeLimitAgain()``); `Int.max` for none.
    private var sizeLimit = Int.max
    /// Where the disk space given to the file ends: past its end by the room kept, or more.
    private var allocatedEnd = 0
    /// Whether the bytes added now are the last lines, which may take the room kept for them (``spendKeptRoom()``).
    private var spendsKeptRoom = false
    /// Why the last lines (``spendKeptRoom()``) are not in the file as they were added: the error of the write of them
    /// that failed, while none went through; `nil` once one did, or before one was written. The journal's end line lost
    /// so (a file size limit lowered during the run, and filled before it was read again) shows the run as killed.
    private(set) var lastLinesFailure: SinkFileError?
    /// Whether a write of the last lines went through: as they were added, or their stand-in (``lastLinesStandIn``).
    private var wroteLastLines = false
    /// A shorter line written once in the place of the last lines when their write fails, as the room below a file
    /// size limit lowered during the run may hold it where it holds not them: the journal's end line without the run's
    /// counts and errors, which a reader takes for an incomplete run, not a killed one. `nil` for none.
    var lastLinesStandIn: [UInt8]?
    /// Whether the file holds the stand-in of the last lines (``lastLinesStandIn``) in their place.
    private(set) var holdsLastLinesStandIn = false
    /// Whether the file holds content still to be discarded (``Mode/truncateWhenRunStarts``) before anything is
    /// written to it: a regular file that is not empty. Bytes written to another (a new file, a FIFO, `/dev/full`)
    /// spoil nothing, so that a sink can write its first line at once, and find a file it cannot write before the run.
    private(set) var keepsEarlierContent: Bool
    /// What a flush past ``pendingLimit`` does first, and the line it then writes after the bytes kept, in the same
    /// `write`: the journal's flushes the result files a resumption adds to and records their sizes
    /// (``ResultFileSizes/lineAfterFlushingFiles()``), so that it never writes a task's end before those files hold
    /// the task's row, nor without their sizes. `nil` for none.
    var lineBeforeFlushPastLimit: (() -> RowBuffer?)?
    /// The error of a flush made for another file's sake (``flushForAnotherFile()``), for the next ``flush()`` to
    /// throw, so that the sink writing this file reports it.
    private var failureOfFlushForAnotherFile: SinkFileError?

    /// Opens (creating it with mode 0644 if needed) the file at `path`. A FIFO no process reads is waited for
    /// ``fifoReaderWait`` at most, then refused (`ENXIO`), where waiting in `open` held prx, deaf to signals, before
    /// its run began; the wait gives up (`ECANCELED`) once the Swift task it runs in is cancelled (a signal
    /// interrupted the run as it was set up).
    ///
    /// The corresponding C functions are `open` (with `O_APPEND` and `O_NONBLOCK`), `fstat`, `fcntl` (clearing
    /// `O_NONBLOCK` again, but for a FIFO) and `flock` (``Mode/truncateWhenRunStarts``, ``Mode/appendForResumption``).
    init(path: String, mode: Mode) throws(SinkFileError) {
        var flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NONBLOCK
        if mode == .truncate { flags |= O_TRUNC }
        var descriptor: Int32
        var waited = Duration.zero
        while true {
            descriptor = open(path, flags, 0o644)
            if descriptor >= 0 { break }
            if errno == EINTR { continue }
            guard errno == ENXIO, Self.isFIFO(path) else {
                throw SinkFileError(operation: "open", path: path, errorNumber: errno)
            }
            guard waited < Self.fifoReaderWait else {
                var error = SinkFileError(operation: "open", path: path, errorNumber: ENXIO)
                error.detail = "a FIFO no process reads"
                throw error
            }
            guard !Task.isCancelled else {
                var error = SinkFileError(operation: "open", path: path, errorNumber: ECANCELED)
                error.detail = "interrupted while waiting for a process to read the FIFO"
                throw error
            }
            usleep(50_000)
            waited += .milliseconds(50)
        }
        var status = stat()
        let known = fstat(descriptor, &status) == 0
        if !known || status.st_mode & S_IFMT != S_IFIFO {
            try? FileDescriptor(rawValue: descriptor).makeBlocking()
        }
        // What a file emptied later holds now is not counted: it is gone before the first byte is written.
        self.size = known && mode != .truncateWhenRunStarts ? Int(status.st_size) : 0
        self.isSyncable = !known || [S_IFREG, S_IFBLK].contains(status.st_mode & S_IFMT)
        self.isRegularFile = known && status.st_mode & S_IFMT == S_IFREG
        self.identity = known ? FileIdentity(status) : nil
        self.keepsEarlierContent = mode == .truncateWhenRunStarts && isRegularFile && status.st_size > 0
        // Two runs given one file (`--json out.jsonl` in both): the later run's start emptied it under the earlier
        // one, and each wrote over the other's lines at its own offsets, so that the earlier run's results were lost
        // while both exited 0. The lock is the file's for as long as it is open, and goes with the process.
        if mode.locksTheFile && isRegularFile && !ResultFileLock.take(on: descriptor) {
            close(descriptor)
            throw SinkFileError.writtenByAnotherRun(path)
        }
        self.path = path
        self.descriptor = descriptor
        if mode.addsToTheFile && isRegularFile && size > 0
            && Self.endsInsideALine(path, opened: FileIdentity(status), size: size)
        {
            // Written with the first line added, which so starts a line of its own.
            pending = [UInt8(ascii: "\n")]
            size += 1
        }
    }

    /// Whether the regular file at `path`, which the descriptor opened is `identity`, ends inside a line at `size`
    /// bytes: its last byte is no line break, as another program cut it (`truncate -s 10`) or wrote it. A line added
    /// to it would be glued to that part of a line, and spoiled with it (a resumed run's first row in `--json`'s
    /// file). The file is read through a descriptor of its own, as the one written to may not be read; `false` when
    /// it cannot be.
    ///
    /// The corresponding C functions are `open`, `fstat` and `pread`.
    private static func endsInsideALine(_ path: String, opened identity: FileIdentity, size: Int) -> Bool {
        let reader = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard reader >= 0 else { return false }
        defer { close(reader) }
        var read = stat()
        guard fstat(reader, &read) == 0, UInt64(read.st_dev) == identity.device,
            UInt64(read.st_ino) == identity.inode
        else {
            return false
        }
        var last: UInt8 = 0
        return pread(reader, &last, 1, off_t(size - 1)) == 1 && last != UInt8(ascii: "\n")
    }

    /// Closes the file, giving the disk space kept past its end back: it would stay the file's for as long as the
    /// file is kept. Only while the file holds what prx wrote and no other program has added to it or cut it during
    /// the run (``endMoved``): giving it back is cutting the file to the size `fstat` found, and another program's
    /// line added between the two was cut with it (a program adding lines to the journal as prx ended lost 13 of
    /// them). A file another program writes too keeps that room, 64 KiB at most, and its lines.
    ///
    /// The corresponding C functions are `fstat` and `ftruncate` (to the size the file has, which frees the blocks
    /// past it).
    deinit {
        var status = stat()
        if allocatedEnd > size && endMoved == 0 && fstat(descriptor, &status) == 0
            && Int(status.st_size) == writtenSize
        {
            _ = ftruncate(descriptor, status.st_size)
        }
        close(descriptor)
    }

    /// Discards what the file held when it was opened, as opening it with ``Mode/truncate`` would have, for a file
    /// opened with ``Mode/truncateWhenRunStarts``: a sink calls it as the run starts (``RunEvent/runStarted(_:)``),
    /// and the first write does. Nothing after the first call, nor for another mode, nor for an empty file or one
    /// that is not a regular file (a FIFO, `/dev/null`), which opening with `O_TRUNC` leaves as it is too.
    ///
    /// The corresponding C function is `ftruncate`.
    func discardEarlierContent() throws(SinkFileError) {
        guard keepsEarlierContent else { return }
        keepsEarlierContent = false
        guard ftruncate(descriptor, 0) != 0 else { return }
        throw SinkFileError(operation: "empty", path: path, errorNumber: errno)
    }

    /// Keeps `bytes` of disk space given to the file past its end from now on, for its last lines
    /// (``spendKeptRoom()``), so that they can be written on a full disk, as no other write can take it: a flush
    /// that would leave less, and finds no room on the disk to keep more, drops its bytes as a failed write does, with
    /// `ENOSPC`. So does a flush that would leave less before the file size limit (`ulimit -f`), with `EFBIG`: space
    /// allocated past the limit cannot be written (ext4 gives it all the same), and the last lines were lost with the
    /// run shown as killed. Under a limit that leaves less than `bytes` past what the file holds now, no later bytes
    /// are written but the last lines. Nothing for a file that is not a regular file, or on a file system that cannot
    /// allocate ahead.
    func keepRoom(forLastLines bytes: Int) {
        guard isRegularFile else { return }
        keptRoom = bytes
        allocatedEnd = size
        sizeLimit = ProcessWideSettings.fileSizeLimit() ?? .max
        // Kept now, while there is room; should there be none, the next flush tries again (and drops its bytes).
        _ = lackOfRoom(from: size, past: size)
    }

    /// Reads the file size limit again, for a file that keeps room for its last lines: another program may have
    /// changed it since (`prlimit --pid`). Lowered below the room kept, the file went on taking lines up to the new
    /// limit, leaving none for its last, and its writes failed; raised, it went on dropping lines for a limit no longer
    /// there. Asked now and then (the journal asks before each `run_progress` line, once a second at most), not at
    /// each write, which would add a system call to each.
    ///
    /// The corresponding C function is `getrlimit` (``ProcessWideSettings/fileSizeLimit()``).
    func readSizeLimitAgain() {
        guard keptRoom > 0 else { return }
        sizeLimit = ProcessWideSettings.fileSizeLimit() ?? .max
    }

    /// Lets the bytes added from now on, the file's last lines, take the room kept for them.
    func spendKeptRoom() {
        spendsKeptRoom = true
    }

    /// Gives the file the disk space past byte `end` that the room kept asks for, when less is given: twice the room,
    /// so that this comes once in a while, or the room alone on a disk that has no more; and the space of the bytes
    /// about to be written from byte `start` to `end`, so that their write cannot fail for lack of it (and cut the
    /// file back, which would give the room kept away with it). Returns the error number when the disk has not even
    /// that (`ENOSPC`, `EDQUOT`), or the file may not grow that far (`EFBIG`: a file size limit, `ulimit -f`, which
    /// like a full disk leaves room only to what was kept); a file system that cannot allocate ahead ends the keeping
    /// of room.
    private func lackOfRoom(from start: Int, past end: Int) -> Int32? {
        guard keptRoom > 0, !spendsKeptRoom else { return nil }
        if end + keptRoom > sizeLimit { return EFBIG }
        guard allocatedEnd < end + keptRoom else { return nil }
        var lack: Int32?
        for target in [end + 2 * keptRoom, end + keptRoom] {
            do {
                try FileDescriptor(rawValue: descriptor).allocate(from: start, length: target - start)
                allocatedEnd = target
                return nil
            } catch where [ENOSPC, EDQUOT, EFBIG].contains(error.rawValue) {
                lack = error.rawValue
            } catch {
                keptRoom = 0
                return nil
            }
        }
        return lack
    }

    /// How long opening a FIFO waits for a process to open it for reading: a reader started beside prx
    /// (`cat fifo & prx … --json fifo`) may open it a moment after prx tries.
    static let fifoReaderWait = Duration.seconds(5)

    /// How many milliseconds a write to a full FIFO waits for room before it looks again whether the run was
    /// interrupted.
    static let roomWaitMilliseconds: Int32 = 50

    /// How long, once the run was interrupted, a full FIFO's reader may take nothing before its writes are given
    /// up: an interrupted run writes every task it did not start as cancelled, often more than a FIFO holds, for a
    /// reader that the signal did not reach (`timeout`, `kill` of prx alone) and that goes on reading.
    static let readerPatience = Duration.seconds(2)

    /// Whether `path` is a FIFO.
    ///
    /// The corresponding C function is `stat`.
    private static func isFIFO(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO
    }

    /// Creates the file at `path` (replacing one there) holding `row` from its first moment: it is written to `path`
    /// with `.new` added, which is then renamed to `path`, so that no reader finds the file without it.
    ///
    /// The corresponding C function is `rename`.
    static func create(at path: String, holding row: borrowing RowBuffer) throws(SinkFileError) -> WriteThroughFile {
        let draft = path + ".new"
        let file: WriteThroughFile
        do {
            file = try WriteThroughFile(path: draft, mode: .truncate)
            try file.add(row)
            try file.flush()
        } catch {
            unlink(draft)
            var onPath = error
            onPath.path = path
            throw onPath
        }
        guard rename(draft, path) == 0 else {
            let failure = errno
            unlink(draft)
            throw SinkFileError(operation: "create", path: path, errorNumber: failure)
        }
        file.path = path
        return file
    }

    /// How many bytes added may wait for the next ``flush()``: once they pass it, ``add(_:)`` flushes at once. A
    /// turn's rows are one write while they are small; a run of long rows (tasks reported without running, whose
    /// lines can be megabytes each) is written as it goes, rather than held whole in every sink's file.
    static let pendingLimit = 1 << 20

    /// Keeps `bytes`, whole lines, for the next ``flush()``, flushing them at once past ``pendingLimit``.
    func add(_ bytes: [UInt8]) throws(SinkFileError) {
        pending.append(contentsOf: bytes)
        size += bytes.count
        if pending.count > Self.pendingLimit { try flushPastLimit() }
    }

    /// Keeps the bytes of `row`, whole lines, for the next ``flush()``, flushing them at once past ``pendingLimit``.
    /// A row longer than that is written at once from the row itself, after the bytes kept: copied into them, a row
    /// of megabytes (a task's journal line holds its arguments line, up to 16 MiB, up to three times) was in memory
    /// twice. In a file whose flush past the limit writes a line after it (``lineBeforeFlushPastLimit``), the bytes
    /// kept, the row and that line are written with one `writev`, none of them copied.
    func add(_ row: borrowing RowBuffer) throws(SinkFileError) {
        guard row.count > Self.pendingLimit else {
            row.withBytes { pending.append(contentsOf: $0) }
            size += row.count
            if pending.count > Self.pendingLimit { try flushPastLimit() }
            return
        }
        guard let lineBeforeFlushPastLimit else {
            try flush()
            size += row.count
            try writeLast(row.count) { row.withBytes { Self.writeAll($0, to: descriptor) } }
            return
        }
        let line = lineBeforeFlushPastLimit() ?? RowBuffer(capacity: 0)
        let count = pending.count + row.count + line.count
        size += row.count + line.count
        defer { pending.removeAll(keepingCapacity: pending.count <= 1 << 16) }
        try writeLast(count) {
            pending.withUnsafeBytes { kept in
                row.withBytes { row in line.withBytes { line in Self.writeAll([kept, row, line], to: descriptor) } }
            }
        }
    }

    /// Writes all the bytes added since the last flush, retrying after a signal or a short write.
    ///
    /// One `write(2)` unless the kernel takes only part of it (a full disk, a pipe), followed by one
    /// `fdatasync(2)` when ``syncsEachFlush`` is set and the file is one it applies to; nothing when nothing was
    /// added. Bytes that could not be written are dropped, so that a full disk does not make prx's memory grow, and
    /// so is the part of them that was written: the file is cut back to where the flush's bytes began, so that it
    /// holds whole lines only, and the next flush, once there is room again, does not append to half a line; unless
    /// another program added to the file after them, whose bytes a cut would take too (``takeBack(_:)``).
    ///
    /// A FIFO cannot be cut back: once a flush gave up waiting for its reader (the run was interrupted), this and
    /// every later flush drop their bytes and throw that error again.
    ///
    /// The corresponding C functions are `ftruncate` and `lseek`.
    func flush() throws(SinkFileError) {
        if let failure = failureOfFlushForAnotherFile {
            failureOfFlushForAnotherFile = nil
            try? flush()
            throw failure
        }
        guard !pending.isEmpty else { return }
        defer { pending.removeAll(keepingCapacity: pending.count <= 1 << 16) }
        try writeLast(pending.count) { pending.withUnsafeBytes { Self.writeAll($0, to: descriptor) } }
    }

    /// Flushes the bytes kept once they pass ``pendingLimit``, after adding the line that ``lineBeforeFlushPastLimit``
    /// gives.
    private func flushPastLimit() throws(SinkFileError) {
        if let line = lineBeforeFlushPastLimit?() {
            line.withBytes { pending.append(contentsOf: $0) }
            size += line.count
        }
        try flush()
    }

    /// Flushes the bytes kept before the turn is over, for another file's sake (the journal's, which must not hold a
    /// task's end before this file holds its row), keeping an error for the next ``flush()`` to throw.
    func flushForAnotherFile() {
        do throws(SinkFileError) {
            try flush()
        } catch {
            failureOfFlushForAnotherFile = error
        }
    }

    /// Writes the last `count` bytes added with `write`, which hands them to the kernel and returns how a failed
    /// write failed: ``flush()``'s work, for the bytes kept or a long row.
    private func writeLast(_ count: Int, with write: () -> WriteFailure?) throws(SinkFileError) {
        if let abandonment { throw abandonment }
        try discardEarlierContent()
        let cut = followOtherPrograms(before: count)
        if let lack = lackOfRoom(from: size - count, past: size) {
            size -= count
            leftBytesOut = true
            throw SinkFileError(operation: "write to", path: path, errorNumber: lack)
        }
        if let failure = write() {
            leftBytesOut = true
            var error = SinkFileError(operation: "write to", path: path, errorNumber: failure.errorNumber)
            if failure.errorNumber == ECANCELED {
                error.detail = "the run was interrupted and the FIFO's reader took nothing for "
                    + "\(Self.readerPatience.components.seconds)s; the rest is left out"
                abandonment = error
                throw error
            }
            if isRegularFile {
                error.detail = takeBack(failure.bytesWritten)
                // The file's end is the next write's to find (``followOtherPrograms(before:)``): another program's
                // bytes are followed, and a part of a row left in the file ends with a line break.
                size -= count
            }
            if spendsKeptRoom && !wroteLastLines {
                lastLinesFailure = error
                if error.detail == nil { writeLastLinesStandIn() }
            }
            throw error
        }
        if spendsKeptRoom {
            wroteLastLines = true
            lastLinesFailure = nil
        }
        followBytesAddedBeforeTheWrite()
        if syncsEachFlush && isSyncable && fdatasync(descriptor) != 0 {
            throw SinkFileError(operation: "sync", path: path, errorNumber: errno)
        }
        if let cut { throw cut }
    }

    /// Writes ``lastLinesStandIn`` at the file's end, once, in the place of the last lines, whose write failed; its
    /// part of it, should it fail too, is taken out again (``takeBack(_:)``).
    ///
    /// The corresponding C function is `write`.
    private func writeLastLinesStandIn() {
        guard isRegularFile, let standIn = lastLinesStandIn else { return }
        lastLinesStandIn = nil
        if let failure = standIn.withUnsafeBytes({ Self.writeAll($0, to: descriptor) }) {
            _ = takeBack(failure.bytesWritten)
            return
        }
        size += standIn.count
        wroteLastLines = true
        holdsLastLinesStandIn = true
    }

    /// Takes the `written` bytes of a write that failed part way (a full disk, a file size limit) out of the regular
    /// file again, so that it holds whole lines only and the next write, once there is room, does not add to half a
    /// line: the file is cut back to where they begin, found from the descriptor's offset, where the kernel left it
    /// after them (`O_APPEND`), so that bytes another program added before them are kept. When the file has grown
    /// past them, another program added to it after them, and cutting would take its bytes too: the file is left as it
    /// is, and what is returned, for the error to say, names the bytes left in it; `nil` otherwise. Nothing is cut when
    /// no byte was written, as the file holds none of the write and what another program added meanwhile is its own,
    /// nor when another program cut the file short of their end (the next write finds the cut).
    ///
    /// The corresponding C functions are `lseek`, `fstat` and `ftruncate`.
    private func takeBack(_ written: Int) -> String? {
        guard written > 0 else { return nil }
        var status = stat()
        let end = Int(lseek(descriptor, 0, SEEK_CUR))
        guard end >= written, fstat(descriptor, &status) == 0, Int(status.st_size) >= end else { return nil }
        guard Int(status.st_size) == end else {
            return "another program added to it during the write; the \(written) bytes of rows written before the "
                + "failure are left in it, ahead of what it added"
        }
        guard ftruncate(descriptor, off_t(end - written)) == 0 else {
            return "the \(written) bytes of rows written before the failure could not be cut off again: "
                + String(cString: strerror(errno))
        }
        // Cutting the file back gave the space past its end back too: the next flush asks for it again.
        allocatedEnd = min(allocatedEnd, end - written)
        return nil
    }

    /// Counts in the bytes another program added to the regular file after ``followOtherPrograms(before:)`` looked at
    /// its length and before the write that followed: the write went after them, to the file's end (`O_APPEND`), and
    /// the descriptor's offset is now where prx's bytes end. Counted, they move the file's end as those added earlier
    /// do (``endMoved``), and the size the journal records for a resumption to cut back to (``ResultFileSizes``) is
    /// the file's, past both programs' bytes. A cut in that moment is left for the next write to find.
    ///
    /// The corresponding C function is `lseek`.
    private func followBytesAddedBeforeTheWrite() {
        guard isRegularFile else { return }
        let end = Int(lseek(descriptor, 0, SEEK_CUR))
        guard end > size else { return }
        endMoved += end - size
        size = end
    }

    /// Finds whether another program changed the regular file's length since the last write, before a write of the last
    /// `count` bytes added, and follows it, so that the bytes, which go to the file's end (`O_APPEND`), come after a
    /// line break when the file ends inside a line:
    /// - cut short (`: > out.jsonl`, `truncate`, logrotate's `copytruncate`): the file holds less than prx wrote to
    ///   it, and the rows it held are lost. Written at prx's offset, the bytes refilled the file's size behind a hole
    ///   of NUL bytes, which a JSON or CSV reader refuses, or, appended, went after what was left; either way the run
    ///   ended as though every row was written. The error is returned, for the write to throw once its bytes are
    ///   written: the sink fails, and the run with it; no error when the cut loses no rows the run must have
    ///   (``cutLosesRows``, a log's rotation).
    /// - added to (`echo note >> out.csv`): written at prx's offset, the bytes wrote over what the other program added,
    ///   which was lost without a word. Both programs' bytes are kept, and nothing is said: no row is lost. The main
    ///   log (``cutLosesRows`` `false`), which another run may share, adds no line break: it adds after whatever is
    ///   there, as a file opened to append to does, at no cost for another log's writer.
    ///
    /// ``endMoved`` counts how far either moved the file's end. Nothing for a stream (a FIFO, a pipe, `/dev/null`),
    /// which delivers what it is given; one `lseek` to the file's end per write of a regular file, a sink writing once
    /// per turn of the scheduler: the offset it returns is the file's length, as `fstat` tells it, for less work in the
    /// kernel, and the write that follows goes to the end anyway (`O_APPEND`).
    ///
    /// The corresponding C functions are `lseek` and `write` (the line break).
    private func followOtherPrograms(before count: Int) -> SinkFileError? {
        let written = size - count
        guard isRegularFile, let identity else { return nil }
        let length = lseek(descriptor, 0, SEEK_END)
        guard length >= 0, Int(length) != written else { return nil }
        var end = Int(length)
        let wasCut = end < written
        // Cutting the file gave the space past its new end back: the room kept is asked for again.
        if wasCut { allocatedEnd = min(allocatedEnd, end) }
        if end > 0 && (wasCut || cutLosesRows) && Self.endsInsideALine(path, opened: identity, size: end) {
            let lineBreak: [UInt8] = [UInt8(ascii: "\n")]
            if lineBreak.withUnsafeBytes({ Self.writeAll($0, to: descriptor) }) == nil { end += 1 }
        }
        endMoved += end + count - size
        size = end + count
        guard wasCut, cutLosesRows else { return nil }
        leftBytesOut = true
        return SinkFileError(
            operation: "keep the rows of", path: path,
            detail: "another program cut it from \(written) to \(length) bytes during the run; "
                + "those rows are lost, the later ones follow what it holds")
    }

    /// Throws when the file was deleted while it was open (a regular file that no name reaches any more: it, or its
    /// directory, was removed during the run), so that what was written to it is lost with it, though every write
    /// went through: a sink calls it as the run ends. Nothing for a stream, which delivers what it is given.
    ///
    /// The corresponding C function is `fstat` (a link count of 0).
    func checkStillNamed() throws(SinkFileError) {
        var status = stat()
        guard isRegularFile, fstat(descriptor, &status) == 0, status.st_nlink == 0 else { return }
        throw SinkFileError(
            operation: "write to", path: path, detail: "deleted during the run (the file or a directory above it)")
    }

    /// Writes `text` after the bytes kept, at once, from the string's own UTF-8 (a `prx.write` of hundreds of
    /// megabytes is not copied again, into an array and then into the bytes kept).
    func append(_ text: String) throws(SinkFileError) {
        try flush()
        var text = text
        let count = text.utf8.count
        size += count
        try writeLast(count) { text.withUTF8 { Self.writeAll(UnsafeRawBufferPointer($0), to: descriptor) } }
    }

    /// A write of ``writeAll(_:to:)`` that failed: the system's error number, `ECANCELED` when the wait for room was
    /// given up, and how many of the bytes the descriptor took before it failed.
    struct WriteFailure {
        /// The system's error number.
        var errorNumber: Int32
        /// How many of the bytes were written, from the first, before the failure.
        var bytesWritten: Int
    }

    /// Writes all of `buffer` to `descriptor`, retrying after a signal or a short write, and waiting for room when a
    /// non-blocking descriptor is full (``waitForRoom(in:)``); returns how it failed, `nil` on success.
    ///
    /// The corresponding C function is `write`.
    static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> WriteFailure? {
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                if errno != EAGAIN { return WriteFailure(errorNumber: errno, bytesWritten: offset) }
                if !waitForRoom(in: descriptor) { return WriteFailure(errorNumber: ECANCELED, bytesWritten: offset) }
                continue
            }
            offset += written
        }
        return nil
    }

    /// Writes all of `buffers`, one after the other, as ``writeAll(_:to:)`` writes one: with one `writev` unless the
    /// kernel takes only part of them.
    ///
    /// The corresponding C function is `writev`.
    static func writeAll(_ buffers: [UnsafeRawBufferPointer], to descriptor: Int32) -> WriteFailure? {
        var vectors = buffers.filter { !$0.isEmpty }.map {
            iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count)
        }
        var first = 0
        var total = 0
        while first < vectors.count {
            let written = vectors[first...].withUnsafeBufferPointer {
                writev(descriptor, $0.baseAddress, Int32($0.count))
            }
            if written < 0 {
                if errno == EINTR { continue }
                if errno != EAGAIN { return WriteFailure(errorNumber: errno, bytesWritten: total) }
                if !waitForRoom(in: descriptor) { return WriteFailure(errorNumber: ECANCELED, bytesWritten: total) }
                continue
            }
            total += written
            var left = written
            while first < vectors.count && left >= vectors[first].iov_len {
                left -= vectors[first].iov_len
                first += 1
            }
            if left > 0 {
                vectors[first].iov_base += left
                vectors[first].iov_len -= left
            }
        }
        return nil
    }

    /// Waits until the non-blocking `descriptor` takes bytes again (or has an error for the next write to report),
    /// looking every ``roomWaitMilliseconds`` whether the Swift task it runs in was cancelled; `false` once it has
    /// been, and the reader has taken nothing for ``readerPatience`` since: the reader of a full FIFO may never read
    /// again, and the interrupted run must end.
    private static func waitForRoom(in descriptor: Int32) -> Bool {
        var waitedInterrupted = Duration.zero
        while waitedInterrupted < readerPatience {
            // Room, or an error that the next write reports.
            if FileDescriptor(rawValue: descriptor).isReady(for: POLLOUT, within: roomWaitMilliseconds) { return true }
            if Task.isCancelled {
                waitedInterrupted += .milliseconds(roomWaitMilliseconds)
            }
        }
        return false
    }
}
