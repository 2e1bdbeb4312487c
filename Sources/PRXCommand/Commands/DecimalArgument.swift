import ArgumentParser

/// Reads a flag's number as parallelr (Python's `float()`) reads decimal text: Swift's `Double(_:)` also takes
/// hexadecimal (`0x10`, `0x1p5`), which parallelr refuses, so `-s 0x10` waited 16 s between starts where parallelr
/// stops with a usage error.
enum DecimalArgument {
    /// The number `text` writes in decimal (digits, a point, an exponent, `inf`, `nan`), or a usage error.
    static func number(_ text: String) throws -> Double {
        guard !text.contains(where: { "xXpP".contains($0) }), let value = Double(text) else {
            throw ValidationError("'\(text)' is not a decimal number")
        }
        return value
    }
}
