import Foundation

extension Double {
    /// The number as a person writes it in a setting or a message, in plain decimal: without a trailing `.0` when
    /// whole (`2`, `60`, `1000000000`), without an exponent (`0.0000001`, where Swift writes `1e-07`), and rounded to
    /// 15 significant digits, which a number written in decimal keeps (`0.3` for Lua's `0.1 + 0.2`, which Swift writes
    /// `0.30000000000000004`). Every message that quotes a number of seconds (`Timeout after 0.0000001s`) writes it so.
    public var plainText: String {
        guard isFinite else { return String(self) }
        if rounded() == self && abs(self) < 1e15 { return String(Int64(self)) }
        let text = String(format: "%.15g", self)
        guard let exponentStart = text.firstIndex(of: "e"),
            let exponent = Int(text[text.index(after: exponentStart)...])
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
}
