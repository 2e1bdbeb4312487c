/// The end of one output stream of a task: however much the task writes, only the last bytes are kept.
///
/// A ring of four bytes per character of the limit holds the newest bytes; ``text`` decodes them as UTF-8
/// (invalid sequences become U+FFFD) and keeps the last `limit` characters. A character is a Unicode code point,
/// as parallelr (Python) counts them: `\r\n` is two, and so is a letter with a combining accent. The ring grows
/// with the bytes that arrive, up to its capacity, so that a large limit costs only what a task writes.
struct OutputTail {
    /// The most characters ``text`` returns.
    let limit: Int
    /// The most bytes kept: four per character, or as many as an `Int` counts for a limit beyond a quarter of that.
    private let capacity: Int
    /// The bytes kept: in the order they came until the ring has reached its capacity, then from `head` on.
    private var ring: [UInt8] = []
    private var head = 0
    private var droppedBytes = false

    /// Creates an empty tail keeping up to `limit` characters.
    init(limit: Int) {
        self.limit = max(limit, 0)
        let (bytes, overflow) = self.limit.multipliedReportingOverflow(by: 4)
        capacity = overflow ? Int.max : bytes
    }

    /// Adds bytes just read, dropping the oldest ones beyond the ring's capacity.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard capacity > 0, !bytes.isEmpty else { return }
        var source = bytes
        if source.count > capacity {
            source = UnsafeRawBufferPointer(rebasing: source[(source.count - capacity)...])
            droppedBytes = true
        }
        if ring.count < capacity {
            let growth = min(source.count, capacity - ring.count)
            ring.append(contentsOf: UnsafeRawBufferPointer(rebasing: source[..<growth]))
            source = UnsafeRawBufferPointer(rebasing: source[growth...])
            if source.isEmpty { return }
        }
        // The ring is full: the new bytes take the places of the oldest, which start at `head`.
        droppedBytes = true
        let firstPart = min(source.count, capacity - head)
        ring.withUnsafeMutableBytes { storage in
            storage.baseAddress!.advanced(by: head).copyMemory(from: source.baseAddress!, byteCount: firstPart)
            if firstPart < source.count {
                storage.baseAddress!.copyMemory(
                    from: source.baseAddress!.advanced(by: firstPart), byteCount: source.count - firstPart)
            }
        }
        head = (head + source.count) % capacity
    }

    /// The last `limit` characters kept.
    var text: String {
        guard !ring.isEmpty else { return "" }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ring.count)
        bytes += ring[head...]
        bytes += ring[..<head]
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
