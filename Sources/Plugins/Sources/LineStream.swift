#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PRXKernel

/// A file read one line at a time through a 64 KiB buffer, so that a file of any length is read in bounded
/// memory; a line longer than the buffer is gathered apart, up to ``maxLineBytes``.
///
/// The stream owns its descriptor and closes it when released. It is a class because it is a handle: copies share
/// the position in the file.
final class LineStream {
    /// Why a line cannot be read.
    enum Failure: Error, Hashable, CustomStringConvertible {
        /// The system refused (`read` failed).
        case system(Errno)
        /// A line ran past the stream's ``maxLineBytes``, this many, without a line break: a file of lines has none
        /// that long, and a file without line breaks (`/dev/zero`) must end in this error rather than in all of memory.
        case lineTooLong(maxLineBytes: Int)
        /// The regular file, read to byte `read`, ended at byte `size`, before it and before the end it had when it
        /// was opened: another program truncated it as it was read (`: > args.txt`), and its lines prx had not read
        /// are gone.
        case truncated(size: Int, read: Int)

        var description: String {
            switch self {
            case .system(let error): error.description
            case .lineTooLong(let maxLineBytes): "a line is longer than \(maxLineBytes >> 20) MiB"
            case .truncated(let size, let read):
                "truncated during the run, to \(size) of the \(read) bytes read (by another process)"
            }
        }
    }

    /// The longest line a stream reads unless told otherwise: an arguments file's.
    static let defaultMaxLineBytes = 16 << 20

    /// The longest line read.
    let maxLineBytes: Int
    /// Whether a carriage return alone ends a line too, as Python's universal newlines end them (`\r`, `\r\n`, `\n`).
    private let endsLinesAtCarriageReturns: Bool
    /// Whether the last line returned ended at a `\r` that was the last byte read: a `\n` that comes next is the
    /// rest of its line end.
    private var afterCarriageReturn = false

    private let descriptor: Int32
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
    /// The bytes of `buffer` not returned yet.
    private var start = 0, end = 0
    /// The start of a line that did not end within the buffer.
    private var gathered: [UInt8] = []
    private var atEnd = false
    /// A failure met while ``inputWait`` read ahead, for the next ``nextLine()`` to throw.
    private var deferredFailure: Failure?
    /// Whether the line being read ran past ``maxLineBytes``: its rest is read and dropped, and the next call of
    /// ``nextLine()`` returns the line after it.
    private var skippingLine = false
    /// Whether a read may wait for input: the file is a pipe, a FIFO, a terminal or a socket, not a regular file.
    let mayWait: Bool
    /// Whether ``stopReading()`` was called: a file that may wait is read no further.
    private var stoppedReading = false
    /// The size of the file when it was opened, when its end is looked at for a truncation
    /// (``Failure/truncated(size:read:)``): asked for, and a regular file that held bytes then (not one of `/proc`'s,
    /// whose size is 0 whatever it holds). A file read to that size lost nothing it held, whatever is done to it
    /// since: emptied once prx had read it whole, it is not truncated.
    private let sizeWhenOpened: Int?
    /// Whether a NUL byte ends the file (``nulByteOffset``): no line of a journal holds one, JSON writing control
    /// characters as escapes, and a journal that does holds no more lines past it: a hole (`truncate -s 2G`), or the
    /// end a machine crash left unwritten. A hole of gigabytes was read whole, in lines of up to ``maxLineBytes`` each.
    private let endsAtNULByte: Bool
    /// The offset in the file of the NUL byte that ended it, when ``endsAtNULByte`` and one was read.
    private(set) var nulByteOffset: Int?

    /// Opens the file at `path` for reading, closed on `exec`, for lines of up to `maxLineBytes` that end at `\n`
    /// (and with `endsLinesAtCarriageReturns`, at `\r\n` or `\r` alone too); with `noticingTruncation`, a regular
    /// file's end found before the bytes read, and before the end it had as it was opened, is
    /// ``Failure/truncated(size:read:)``.
    ///
    /// A FIFO is opened without waiting for a writer, where `open` held prx, deaf to signals, before its run began (a
    /// daemon's launcher waited for it, and the run was in no listing): the first line waits for input instead,
    /// as every line of a FIFO does (``inputWait``), and a writer that comes and goes without writing ends the file.
    ///
    /// The corresponding C functions are `open` (with `O_NONBLOCK`), `fcntl` (clearing it again) and `fstat`.
    convenience init(
        path: String, maxLineBytes: Int = LineStream.defaultMaxLineBytes, endsLinesAtCarriageReturns: Bool = false,
        noticingTruncation: Bool = false
    ) throws(Errno) {
        let opened = FileDescriptor(rawValue: try retryingInterrupts { open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) })
        do {
            try opened.makeBlocking()
        } catch {
            opened.close()
            throw error
        }
        self.init(
            reading: opened, maxLineBytes: maxLineBytes,
            endsLinesAtCarriageReturns: endsLinesAtCarriageReturns, noticingTruncation: noticingTruncation)
    }

    /// Reads the file open as `file`, which the stream owns from now on, for lines of up to `maxLineBytes` that end at
    /// `\n` (and with `endsLinesAtCarriageReturns`, at `\r\n` or `\r` alone too); with `noticingTruncation`, a
    /// regular file's end found before the bytes read, and before the end it had as it was opened, is
    /// ``Failure/truncated(size:read:)`` (a file that a prx may cut back as it is read, a journal, is not read so);
    /// with `endingAtNULByte`, the file ends at its first NUL byte (``nulByteOffset``), its bytes before it on the line
    /// read last.
    ///
    /// The corresponding C function is `fstat`.
    init(
        reading file: FileDescriptor, maxLineBytes: Int = LineStream.defaultMaxLineBytes,
        endsLinesAtCarriageReturns: Bool = false, noticingTruncation: Bool = false, endingAtNULByte: Bool = false
    ) {
        self.maxLineBytes = maxLineBytes
        endsAtNULByte = endingAtNULByte
        self.endsLinesAtCarriageReturns = endsLinesAtCarriageReturns
        descriptor = file.rawValue
        let status = try? FileStatus(ofOpenDescriptor: file.rawValue)
        mayWait = status.map { $0.type != S_IFREG } ?? false
        sizeWhenOpened = status.flatMap { noticingTruncation && $0.type == S_IFREG && $0.size > 0 ? $0.size : nil }
    }

    deinit {
        buffer.deallocate()
        close(descriptor)
    }

    /// A line as read.
    struct Line {
        /// The line, its line end included, decoded as UTF-8.
        var text: String
        /// Whether the line's bytes were UTF-8; when not, ``text`` has U+FFFD in place of the bytes that were not,
        /// and is not what the file says.
        var isUTF8: Bool
        /// The line as prx shows it: ``text``, or for a line that is not UTF-8, the line with each byte that is not
        /// part of UTF-8 written `\xNN` (`caf\xe9`) in place of U+FFFD.
        var shownText: String

        /// Decodes `bytes`.
        init(_ bytes: some Collection<UInt8>) {
            // Decoded, U+FFFD in place of what is not UTF-8, and compared with the bytes, which are UTF-8 when the
            // text is them: `String(validating:as:)` went through the standard library's generic validation, which
            // looks up type metadata at each line, some 900 instructions. Compared by `memcmp`: `elementsEqual`
            // took a generic call a byte, seconds for a line of megabytes in a debug build.
            var decoded = String(decoding: bytes, as: UTF8.self)
            text = decoded
            let same = decoded.utf8.count == bytes.count && decoded.withUTF8 { text in
                bytes.withContiguousStorageIfAvailable { read in
                    text.isEmpty || memcmp(text.baseAddress!, read.baseAddress!, text.count) == 0
                } ?? text.elementsEqual(bytes)
            }
            if same {
                isUTF8 = true
                shownText = decoded
            } else {
                isUTF8 = false
                shownText = ControlCharacterEscaping.decodedShowingBytesNotUTF8(bytes)
            }
        }
    }

    /// Goes on reading from byte `offset` of the file, leaving out what was read and not returned yet.
    ///
    /// The corresponding C function is `lseek`.
    func skip(to offset: Int) throws(Errno) {
        guard lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else { throw Errno.current }
        start = 0
        end = 0
        gathered = []
        atEnd = false
        deferredFailure = nil
        skippingLine = false
        afterCarriageReturn = false
        nulByteOffset = nil
    }

    /// Returns the next line, or `nil` at the end of the file.
    ///
    /// The corresponding C function is `read`.
    func nextLine() throws(Failure) -> Line? {
        if let failure = deferredFailure {
            deferredFailure = nil
            throw failure
        }
        while true {
            dropLineFeedAfterCarriageReturn()
            if let newline = newlineInBuffer {
                var lineEnd = buffer.baseAddress!.distance(to: newline) + 1
                if newline.load(as: UInt8.self) == UInt8(ascii: "\r") {
                    if lineEnd == end {
                        afterCarriageReturn = true
                    } else if buffer[lineEnd] == UInt8(ascii: "\n") {
                        lineEnd += 1
                    }
                }
                defer { start = lineEnd }
                if skippingLine {
                    skippingLine = false
                    continue
                }
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[start..<lineEnd])
                guard !gathered.isEmpty else { return Line(bytes) }
                do {
                    try gather(bytes, lineBreakBytes: lineEnd - buffer.baseAddress!.distance(to: newline))
                } catch {
                    skippingLine = false  // the line ends here: nothing of it is left to skip
                    throw error
                }
                defer { gathered = [] }
                return Line(gathered)
            }
            try gatherBuffer()
            if atEnd {
                guard !gathered.isEmpty else { return nil }
                defer { gathered = [] }
                return Line(gathered)
            }
            if mayWait && (stoppedReading || !awaitInput()) {
                // The run starts no more tasks, or was interrupted (SIGINT, SIGTERM) while the input was silent: the
                // rest is not read.
                atEnd = true
                gathered = []
                continue
            }
            try fillBuffer()
        }
    }

    /// When the next line would wait for input (the file may wait, holds no whole line unread, and has nothing to
    /// read now), what tells when it would not; `nil` otherwise.
    ///
    /// What has come meanwhile is read first, without waiting, so that a line written in parts is waited for
    /// here until it is whole, not in ``nextLine()``; a failure to read it is thrown by the next ``nextLine()``.
    var inputWait: (any InputWait)? {
        guard mayWait && !stoppedReading else { return nil }
        while true {
            dropLineFeedAfterCarriageReturn()
            guard !atEnd && deferredFailure == nil && newlineInBuffer == nil else { break }
            let input = DescriptorInputWait(descriptor: descriptor)
            guard input.isReady else { return input }
            do throws(Failure) {
                try gatherBuffer()
                try fillBuffer()
            } catch {
                deferredFailure = error
            }
        }
        return nil
    }

    /// Ends the reading of a file that may wait: ``nextLine()`` then returns the whole lines already read, and
    /// `nil` after them, leaving out a line read in part. A regular file is still read to its end.
    func stopReading() {
        stoppedReading = true
    }

    /// The first line break among the bytes not returned yet: a `\n`, or, when carriage returns end lines, a `\r`
    /// before it.
    private var newlineInBuffer: UnsafeMutableRawPointer? {
        guard start < end else { return nil }
        let unread = buffer.baseAddress! + start
        let newline = memchr(unread, Int32(UInt8(ascii: "\n")), end - start)
        guard endsLinesAtCarriageReturns else { return newline }
        let before = newline.map { unread.distance(to: $0) } ?? (end - start)
        return memchr(unread, Int32(UInt8(ascii: "\r")), before) ?? newline
    }

    /// Drops a `\n` that follows a `\r` read last: the `\r` ended the line before it.
    private func dropLineFeedAfterCarriageReturn() {
        guard afterCarriageReturn, start < end else { return }
        afterCarriageReturn = false
        if buffer[start] == UInt8(ascii: "\n") { start += 1 }
    }

    /// Moves the bytes not returned yet, the start of a line, to the line being gathered, emptying the buffer.
    private func gatherBuffer() throws(Failure) {
        if start < end {
            try gather(UnsafeRawBufferPointer(rebasing: buffer[start..<end]))
        }
        start = 0
        end = 0
    }

    /// Reads into the empty buffer what one `read` gives, or notes the file's end: one before the bytes read already,
    /// which were fewer than the file held when it was opened, is a truncation, and the part of a line read last is
    /// dropped with the rest of its line.
    ///
    /// The corresponding C functions are `read`, and at the end `lseek` and `fstat`; `lseek` at a NUL byte that ends
    /// the file (``endsAtNULByte``).
    private func fillBuffer() throws(Failure) {
        guard nulByteOffset == nil else {
            atEnd = true
            return
        }
        let count = read(descriptor, buffer.baseAddress, buffer.count)
        if count > 0 {
            end = count
            if endsAtNULByte, let nul = memchr(buffer.baseAddress!, 0, count) {
                end = buffer.baseAddress!.distance(to: nul)
                nulByteOffset = Int(lseek(descriptor, 0, SEEK_CUR)) - count + end
            }
        } else if count == 0 {
            atEnd = true
            guard let sizeWhenOpened, case let read = Int(lseek(descriptor, 0, SEEK_CUR)), read < sizeWhenOpened,
                let size = (try? FileStatus(ofOpenDescriptor: descriptor))?.size, size < read
            else { return }
            gathered = []
            throw .truncated(size: size, read: read)
        } else if errno != EINTR {
            throw .system(Errno.current)
        }
    }

    /// Waits until the input can be read, looking every 50 ms whether the Swift task reading it was cancelled, as
    /// an interrupted run's is: a read would hold prx past SIGINT and SIGTERM for as long as the writer is silent.
    /// Returns `false` when cancelled.
    private func awaitInput() -> Bool {
        let input = DescriptorInputWait(descriptor: descriptor)
        while !Task.isCancelled {
            if input.isReady(within: 50) { return true }
        }
        return false
    }

    /// Adds `bytes` to the line being gathered; the last `lineBreakBytes` of them are its line break, which
    /// ``maxLineBytes`` does not count. A line that runs past it is the error, once, and its rest is dropped.
    private func gather(_ bytes: UnsafeRawBufferPointer, lineBreakBytes: Int = 0) throws(Failure) {
        guard !skippingLine else { return }
        guard gathered.count + bytes.count <= maxLineBytes + lineBreakBytes else {
            gathered = []
            skippingLine = true
            throw .lineTooLong(maxLineBytes: maxLineBytes)
        }
        gathered.append(contentsOf: bytes)
    }
}
