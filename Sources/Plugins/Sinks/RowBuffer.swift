import Foundation

/// The bytes of one row (a CSV line, a log line, a JSON object, an output block), built by hand so that a
/// million rows cost no formatter objects: text is copied as UTF-8, numbers are formatted with integer
/// arithmetic.
///
/// The bytes live in one buffer the row owns alone (it cannot be copied, only moved), so an append is a bounds
/// check and a store: no reference count, no uniqueness check, no exclusivity check per byte.
struct RowBuffer: ~Copyable {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The number of bytes so far.
    private(set) var count = 0

    /// Creates an empty row with room for `capacity` bytes.
    ///
    /// The buffer is `malloc`'s, not `UnsafeMutablePointer.allocate`'s, which asks for the default alignment through
    /// `posix_memalign` (twice the instructions of a `malloc`, for some nine rows a task), and it grows with `realloc`,
    /// which often extends it where it is.
    ///
    /// The corresponding C function is `malloc`.
    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        storage = Self.reallocate(nil, to: self.capacity)
    }

    /// The corresponding C function is `free`.
    deinit {
        free(storage)
    }

    /// The buffer `storage` (a new one for `nil`) with room for `capacity` bytes, its bytes kept; the process stops
    /// when memory runs out, as it does when Swift cannot allocate.
    ///
    /// The corresponding C function is `realloc`.
    private static func reallocate(
        _ storage: UnsafeMutablePointer<UInt8>?, to capacity: Int
    ) -> UnsafeMutablePointer<UInt8> {
        guard let bytes = realloc(storage, capacity) else {
            fatalError("prx: out of memory for a row of \(capacity) bytes")
        }
        return bytes.assumingMemoryBound(to: UInt8.self)
    }

    /// The row so far, copied.
    var bytes: [UInt8] {
        Array(UnsafeBufferPointer(start: storage, count: count))
    }

    /// Calls `body` with the row so far, without a copy.
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: storage, count: count))
    }

    mutating func append(_ text: String) {
        // A native string's bytes are copied whole; the element-by-element append is for the rest.
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { append(bytes: UnsafeRawBufferPointer($0)) }
        if copied == nil {
            for byte in text.utf8 {
                append(byte: byte)
            }
        }
    }

    /// Appends `text`, a literal of prx's code, from its bytes in the binary: a `String` made of a literal is a
    /// small string whose bytes the append copies out first (some 80 instructions an append, against some 25).
    @inline(__always)
    mutating func append(literal text: StaticString) {
        guard text.hasPointerRepresentation else {
            append(text.description)
            return
        }
        extend(by: text.utf8CodeUnitCount).initialize(from: text.utf8Start, count: text.utf8CodeUnitCount)
    }

    /// What the CSV summary writes for a NUL byte: U+FFFD, the replacement character.
    static let nulReplacement = "\u{FFFD}"

    @inline(__always)
    mutating func append(byte: UInt8) {
        if count == capacity { grow(toHold: count + 1) }
        storage[count] = byte
        count += 1
    }

    /// Makes the row `more` bytes longer, with one bounds check for them all, and returns where they are: the caller
    /// stores every one of them before it appends anything else.
    @inline(__always)
    mutating func extend(by more: Int) -> UnsafeMutablePointer<UInt8> {
        if count + more > capacity { grow(toHold: count + more) }
        defer { count += more }
        return storage + count
    }

    mutating func append(bytes more: [UInt8]) {
        more.withUnsafeBytes { append(bytes: $0) }
    }

    mutating func append(bytes more: UnsafeRawBufferPointer) {
        guard let source = more.baseAddress, more.count > 0 else { return }
        if count + more.count > capacity { grow(toHold: count + more.count) }
        UnsafeMutableRawPointer(storage + count).copyMemory(from: source, byteCount: more.count)
        count += more.count
    }

    mutating func append<Integer: BinaryInteger>(integer: Integer) {
        guard let value = Int(exactly: integer) else {
            append(String(integer))
            return
        }
        if value < 0 { append(byte: UInt8(ascii: "-")) }
        appendDigits(of: value.magnitude, width: 1)
    }

    /// Appends `value` (0 or more) in decimal, zero-padded on the left to `width` digits.
    mutating func append(integer value: Int, width: Int) {
        guard value >= 0 else {
            append(integer: value)
            return
        }
        appendDigits(of: UInt(value), width: width)
    }

    /// Appends the decimal digits of `value`, at least `width` of them (zeros on the left), written right to
    /// left.
    private mutating func appendDigits(of value: UInt, width: Int) {
        var digits = 1
        var bound: UInt = 10
        while value >= bound {
            digits += 1
            let (next, overflow) = bound.multipliedReportingOverflow(by: 10)
            if overflow { break }
            bound = next
        }
        digits = max(digits, width)
        if count + digits > capacity { grow(toHold: count + digits) }
        var remaining = value
        for index in stride(from: count + digits - 1, through: count, by: -1) {
            storage[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remaining % 10)
            remaining /= 10
        }
        count += digits
    }

    /// Makes room for at least `needed` bytes, doubling the buffer.
    private mutating func grow(toHold needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        storage = Self.reallocate(storage, to: newCapacity)
        capacity = newCapacity
    }

    /// Appends `value` with exactly `digits` decimals, as Python's `f"{value:.{digits}f}"` writes it: the value's
    /// exact binary fraction rounded, ties (exact ones only) to even; `nan`, `inf`, `-inf` for values that are not
    /// finite.
    mutating func append(_ value: Double, decimals digits: Int) {
        guard value.isFinite else {
            append(value.isNaN ? "nan" : value < 0 ? "-inf" : "inf")
            return
        }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let product = value.magnitude * scale
        var scaled = product.rounded(.toNearestOrEven)
        // A product rounded onto a tie may stand for a value just beside it (0.05 is 0.05000000000000000277, and
        // 0.05 * 10 is 0.5): the product's own rounding error, exact from a fused multiply-add, tells which side,
        // which Python rounds to (0.1), where rounding the tie to even gave 0.0.
        if product - product.rounded(.down) == 0.5 {
            let error = (-product).addingProduct(value.magnitude, scale)
            if error != 0 { scaled = error > 0 ? product.rounded(.up) : product.rounded(.down) }
        }
        guard scaled < 9e15 else {
            append(String(format: "%.\(digits)f", value))
            return
        }
        let units = Int(scaled)
        let unitsPerWhole = Int(scale)
        if value.sign == .minus { append(byte: UInt8(ascii: "-")) }
        append(integer: units / unitsPerWhole)
        if digits > 0 {
            append(byte: UInt8(ascii: "."))
            append(integer: units % unitsPerWhole, width: digits)
        }
    }
}

/// Formats `value` with exactly `digits` decimals, as ``RowBuffer/append(_:decimals:)`` does.
func fixedDecimal(_ value: Double, _ digits: Int) -> String {
    var row = RowBuffer(capacity: 24)
    row.append(value, decimals: digits)
    return String(decoding: row.bytes, as: UTF8.self)
}
