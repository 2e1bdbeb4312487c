extension Double {
    /// The number as a person writes it in a setting or a message: without a trailing `.0` when whole (`2`, `60`,
    /// `1000000000`), else as Swift prints it (`0.5`, `0.01`).
    public var plainText: String {
        rounded() == self && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
