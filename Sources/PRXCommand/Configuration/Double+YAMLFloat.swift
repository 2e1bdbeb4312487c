extension Double {
    /// The number as a YAML 1.1 float, which PyYAML, and so parallelr, and prx (``PyYAMLNumber``) read back as this
    /// number: Swift's shortest text that reads back so, with a point in the mantissa of one with an exponent
    /// (`1.0e-07`; `1e-07` is text to PyYAML, whose floats need a point and a signed exponent, as PyYAML's own writer
    /// adds `.0`), and `.inf`, `-.inf` and `.nan`.
    var yamlFloat: String {
        if isNaN { return ".nan" }
        if isInfinite { return self < 0 ? "-.inf" : ".inf" }
        let text = String(self)
        guard let exponent = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        let head = String(text[..<exponent])
        let mantissa = head.contains(".") ? head : head + ".0"
        var power = text[text.index(after: exponent)...]
        let sign = power.first == "-" || power.first == "+" ? String(power.removeFirst()) : "+"
        return mantissa + "e" + sign + power
    }

    /// The number as YAML that PyYAML, and so parallelr, and prx read back as this number: a whole number in decimal
    /// (`10`, where ``yamlFloat`` writes `10.0`), else ``yamlFloat``.
    var yamlNumber: String {
        Int(exactly: self).map(String.init) ?? yamlFloat
    }
}
