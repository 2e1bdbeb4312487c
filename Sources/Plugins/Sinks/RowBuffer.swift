import Foundation

/// The bytes of one row (a CSV line, a log line, a JSON object, an output block), built by hand so that a
/// million rows cost no formatter objects: text is copied as UTF-8, numbers are formatted with integer
/// arithmetic.
struct RowBuffer {
    /// The row so far.
    private(set) var bytes: [UInt8] = []

    /// Creates an empty row with room for `capacity` bytes.
    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    mutating func append(bytes more: [UInt8]) {
        bytes.append(contentsOf: more)
    }

    mutating func append<Integer: BinaryInteger>(integer: Integer) {
        // A decimal Int fits a small (inline) String: no allocation.
        bytes.append(contentsOf: String(integer).utf8)
    }

    /// Appends `value` (0 or more) in decimal, zero-padded on the left to `width` digits.
    mutating func append(integer value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        if value >= divisor * 10 {
            append(integer: value)
            return
        }
        var remainder = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(remainder / divisor))
            remainder %= divisor
            divisor /= 10
        }
    }

    /// Appends `value` with exactly `digits` decimals, as Python's `f"{value:.{digits}f}"` writes it
    /// (ties to even; `nan`, `inf`, `-inf` for values that are not finite).
    mutating func append(_ value: Double, decimals digits: Int) {
        guard value.isFinite else {
            append(value.isNaN ? "nan" : value < 0 ? "-inf" : "inf")
            return
        }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (value.magnitude * scale).rounded(.toNearestOrEven)
        guard scaled < 9e15 else {
            append(String(format: "%.\(digits)f", value))
            return
        }
        let units = Int(scaled)
        let unitsPerWhole = Int(scale)
        if value < 0 && units != 0 { bytes.append(UInt8(ascii: "-")) }
        append(integer: units / unitsPerWhole)
        if digits > 0 {
            bytes.append(UInt8(ascii: "."))
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
