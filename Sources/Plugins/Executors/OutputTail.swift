/// The end of one output stream of a task: however much the task writes, only the last bytes are kept.
///
/// A ring of four bytes per character of the limit holds the newest bytes; ``text`` decodes them as UTF-8
/// (invalid sequences become U+FFFD) and keeps the last `limit` characters. A character is a Unicode code point,
/// as parallelr (Python) counts them: `\r\n` is two, and so is a letter with a combining accent.
struct OutputTail {
    /// The most characters ``text`` returns.
    let limit: Int
    private let capacity: Int
    private var ring: [UInt8] = []
    private var head = 0
    private var count = 0
    private var droppedBytes = false

    /// Creates an empty tail keeping up to `limit` characters.
    init(limit: Int) {
        self.limit = max(limit, 0)
        capacity = self.limit * 4
    }

    /// Adds bytes just read, dropping the oldest ones beyond the ring's capacity.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard capacity > 0, !bytes.isEmpty else { return }
        if ring.isEmpty {
            ring = [UInt8](repeating: 0, count: capacity)
        }
        var source = bytes
        if source.count > capacity {
            source = UnsafeRawBufferPointer(rebasing: source[(source.count - capacity)...])
            droppedBytes = true
        }
        let writeStart = (head + count) % capacity
        let firstPart = min(source.count, capacity - writeStart)
        ring.withUnsafeMutableBytes { storage in
            storage.baseAddress!.advanced(by: writeStart).copyMemory(from: source.baseAddress!, byteCount: firstPart)
            if firstPart < source.count {
                storage.baseAddress!.copyMemory(
                    from: source.baseAddress!.advanced(by: firstPart), byteCount: source.count - firstPart)
            }
        }
        let total = count + source.count
        if total > capacity {
            head = (head + total - capacity) % capacity
            count = capacity
            droppedBytes = true
        } else {
            count = total
        }
    }

    /// The last `limit` characters kept.
    var text: String {
        guard count > 0 else { return "" }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        let firstPart = min(count, capacity - head)
        bytes += ring[head..<(head + firstPart)]
        bytes += ring[0..<(count - firstPart)]
        var start = 0
        if droppedBytes {
            // The oldest bytes kept may be the middle of a character whose first byte was dropped.
            while start < min(bytes.count, 3) && bytes[start] & 0xC0 == 0x80 {
                start += 1
            }
        }
        let decoded = String(decoding: bytes[start...], as: UTF8.self)
        return String(decoded.unicodeScalars.suffix(limit))
    }
}
