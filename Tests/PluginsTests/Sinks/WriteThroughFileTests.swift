import Foundation
@testable import PRXPlugins
import PRXTesting
import Testing

/// How ``WriteThroughFile`` hands bytes to the kernel.
@Suite struct WriteThroughFileTests {
    /// Buffers written with one `writev` to a pipe that takes only part of them at a time (its reader reads as they
    /// come, a pipe holding 64 KiB) arrive whole and in order, whatever buffer a partial write ends in.
    @Test func buffersWrittenTogetherArriveWholeAndInOrder() async throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        let parts = [[UInt8]("head\n".utf8), [UInt8](repeating: 98, count: 300_000), [], [UInt8]("tail\n".utf8)]
        let writer = ends[1]
        let writing = Task.detached {
            defer { close(writer) }
            let first = parts[0], second = parts[1], third = parts[2], fourth = parts[3]
            return first.withUnsafeBytes { a in
                second.withUnsafeBytes { b in
                    third.withUnsafeBytes { c in
                        fourth.withUnsafeBytes { d in WriteThroughFile.writeAll([a, b, c, d], to: writer) }
                    }
                }
            }
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(ends[0], $0.baseAddress, $0.count) }
            if count <= 0 { break }
            received += chunk.prefix(count)
        }
        #expect(await writing.value == nil)
        #expect(received == parts.flatMap { $0 })
    }

    /// A file another program cuts short between two writes (`: > out.jsonl`, `truncate -s`) lost the rows it held:
    /// the next write refilled its size behind a hole of NUL bytes (opened to be emptied as the run starts) or went
    /// after what was left (appended to), and the sink went on as though nothing had happened. The write now throws,
    /// naming the file and both sizes, once it has written its bytes at the file's end, after a line break when the
    /// cut left part of a line, and the file says it left bytes out.
    @Test(arguments: [
        (WriteThroughFile.Mode.truncateWhenRunStarts, 0, "second\n"),
        (.truncateWhenRunStarts, 3, "fir\nsecond\n"),
        (.append, 0, "second\n"),
        (.append, 6, "first\nsecond\n"),
    ])
    func aFileCutByAnotherProgramThrowsAndGetsNoHole(mode: WriteThroughFile.Mode, cutTo: Int, left: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("out.jsonl")
        let file = try WriteThroughFile(path: path, mode: mode)
        try file.add(Array("first\n".utf8))
        try file.flush()
        try file.add(Array("more\n".utf8))
        try file.flush()
        #expect(truncate(path, off_t(cutTo)) == 0)
        try file.add(Array("second\n".utf8))
        #expect(!file.leftBytesOut)
        let error = #expect(throws: SinkFileError.self) { try file.flush() }
        #expect(error?.description == "cannot keep the rows of \(path): another program cut it from 11 to \(cutTo) "
            + "bytes during the run; those rows are lost, the later ones follow what it holds")
        #expect(file.leftBytesOut)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == left)
        #expect(file.size == left.utf8.count)
        try file.add(Array("third\n".utf8))
        try file.flush()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == left + "third\n")
    }
}
