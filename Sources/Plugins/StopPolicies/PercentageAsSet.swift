/// `fraction`, a limit set as a share (`max_failure_rate`), as the percentage it stands for, exactly: `50` for 0.5,
/// `99.9` for 0.999, `50.4` for 0.504, without trailing zeros. The shortest decimal that reads back as `fraction`
/// (Swift's `description`) has its point moved two places, so that no rounding shows a limit other than the one set,
/// as a fixed number of decimals did (`100` for 0.999), and no binary error shows either (0.07 × 100 is
/// 7.000000000000001).
func percentageAsSet(_ fraction: Double) -> String {
    guard fraction.isFinite else { return fixedDecimal(fraction * 100, 0) }
    let text = fraction.magnitude.description
    let parts = text.split(separator: "e", maxSplits: 1)
    let mantissa = parts[0]
    let whole = mantissa.prefix { $0 != "." }
    var digits = Array(whole + mantissa.dropFirst(whole.count + 1))
    // Where the point falls among `digits` once the value is times 100.
    var point = whole.count + (parts.count == 2 ? Int(parts[1]) ?? 0 : 0) + 2
    if point < 1 {
        digits.insert(contentsOf: repeatElement("0", count: 1 - point), at: 0)
        point = 1
    }
    if point > digits.count { digits += repeatElement("0", count: point - digits.count) }
    let integer = String(digits[..<point]).drop { $0 == "0" }
    let decimals = String(digits[point...]).reversed().drop { $0 == "0" }.reversed()
    let sign = fraction < 0 ? "-" : ""
    return sign + (integer.isEmpty ? "0" : String(integer)) + (decimals.isEmpty ? "" : "." + String(decimals))
}
