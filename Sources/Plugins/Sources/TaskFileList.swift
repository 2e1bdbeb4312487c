#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Task files' absolute paths, each once, sorted by their bytes (which is code point order), in one buffer: a
/// directory of a million task files takes the bytes of their paths and 8 more for each, not a string each.
///
/// A path may have bytes that are not UTF-8 (a file name no `String` can hold, kept so that its task can say so):
/// the collection gives it with U+FFFD in place of those bytes, ``utf8Path(at:)`` tells such a path apart.
public struct TaskFileList: RandomAccessCollection, Sendable, Hashable {
    /// The paths' bytes, one after the other.
    private let bytes: [UInt8]
    /// Where each path ends in `bytes`; each starts where the one before it ends.
    private let ends: [Int]

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.count }

    public subscript(position: Int) -> String {
        String(decoding: pathBytes(at: position), as: UTF8.self)
    }

    /// The path at `position`, or `nil` when its bytes are not UTF-8.
    public func utf8Path(at position: Int) -> String? {
        String(validating: pathBytes(at: position), as: UTF8.self)
    }

    /// The path at `position`, each byte that is not ASCII written `\xNN`: how a message names a path that is not
    /// UTF-8.
    public func escapedPath(at position: Int) -> String {
        SourceFileSystem.escaped(pathBytes(at: position))
    }

    private func pathBytes(at position: Int) -> ArraySlice<UInt8> {
        bytes[(position == 0 ? 0 : ends[position - 1])..<ends[position]]
    }

    /// Gathers paths in any order, with duplicates, for a ``TaskFileList``.
    struct Builder {
        private var bytes: [UInt8] = []
        private var ends: [Int] = []

        /// Adds `path`.
        mutating func add(_ path: String) {
            add(bytes: path.utf8)
        }

        /// Adds the path whose bytes are `path`, UTF-8 or not.
        mutating func add(bytes path: some Sequence<UInt8>) {
            bytes.append(contentsOf: path)
            ends.append(bytes.count)
        }

        /// The paths added, sorted, each once.
        func finished() -> TaskFileList {
            bytes.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress
                func range(_ index: Int) -> (start: Int, count: Int) {
                    let start = index == 0 ? 0 : ends[index - 1]
                    return (start, ends[index] - start)
                }
                /// Whether path `a` sorts before path `b`, by their bytes.
                func precedes(_ a: Int, _ b: Int) -> Bool {
                    let (first, second) = (range(a), range(b))
                    let order = memcmp(base! + first.start, base! + second.start, Swift.min(first.count, second.count))
                    return order != 0 ? order < 0 : first.count < second.count
                }
                var order = Array(ends.indices)
                order.sort(by: precedes)
                var sortedBytes: [UInt8] = []
                sortedBytes.reserveCapacity(bytes.count)
                var sortedEnds: [Int] = []
                sortedEnds.reserveCapacity(ends.count)
                var previous: Int?
                for index in order {
                    if let previous, !precedes(previous, index) { continue }
                    let (start, count) = range(index)
                    sortedBytes.append(contentsOf: buffer[start..<(start + count)])
                    sortedEnds.append(sortedBytes.count)
                    previous = index
                }
                return TaskFileList(bytes: sortedBytes, ends: sortedEnds)
            }
        }
    }

    private init(bytes: [UInt8], ends: [Int]) {
        self.bytes = bytes
        self.ends = ends
    }
}
