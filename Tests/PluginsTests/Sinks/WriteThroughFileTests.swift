import Foundation
@testable import PRXPlugins
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
}
