import Foundation

extension Double {
    /// The number as a person writes it in a setting or a message, in plain decimal: without a trailing `.0` when
    /// whole (`2`, `60`, `1000000000`), without an exponent (`0.0000001`, where Swift writes `1e-07`), and rounded to
    /// 15 significant digits, which a number written in decimal keeps (`0.3` for Lua's `0.1 + 0.2`, which Swift writes
    /// `0.30000000000000004`). Every message that quotes a number of seconds (`Timeout after 0.0000001s`) writes it so.
    ///
    /// Plain decimal is bounded, so that a message stays short: a number below a nanosecond (the finest time the clocks
    /// and timers prx waits with resolve, so that a smaller limit's digits say nothing prx can act on), or of 22
    /// digits or more, is written with an exponent, as `%.15g` writes it (`1e-300`, `1.25e-10`, `1e+300`), where
    /// plain decimal took hundreds of digits (``plainExponents``).
    public var plainText: String {
        guard isFinite else { return String(self) }
        if rounded() == self && abs(self) < 1e15 { return String(Int64(self)) }
        let text = String(format: "%.15g", self)
        guard let exponentStart = text.firstIndex(of: "e"),
            let exponent = Int(text[text.index(after: exponentStart)...]), Self.plainExponents.contains(exponent)
        else { return text }
        let mantissa = text[..<exponentStart]
        let sign = mantissa.hasPrefix("-") ? "-" : ""
        let unsigned = mantissa.drop { $0 == "-" }
        let digits = unsigned.filter { $0 != "." }
        // Where the point stands in `digits` once the exponent has moved it.
        let point = (unsigned.firstIndex(of: ".").map { unsigned.distance(from: unsigned.startIndex, to: $0) }
            ?? unsigned.count) + exponent
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
        if point >= digits.count { return sign + digits + String(repeating: "0", count: point - digits.count) }
        return sign + digits.prefix(point) + "." + digits.dropFirst(point)
    }

    /// The exponents, as `%.15g` writes them, of the numbers ``plainText`` writes in plain decimal: from a nanosecond
    /// (`1e-09`, 8 zeros after the point) to below 10²¹ (as JavaScript's `Number.prototype.toString` writes them).
    static let plainExponents = -9...20
}
