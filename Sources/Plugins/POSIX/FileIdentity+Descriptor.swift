#if os(Linux)
extension FileIdentity {
    /// The file open as `descriptor`; `nil` when it is not open.
    ///
    /// The corresponding C function is `fstat` (``FileIdentity/init(ofOpenDescriptor:)``).
    package init?(of descriptor: FileDescriptor) {
        self.init(ofOpenDescriptor: descriptor.rawValue)
    }
}
#endif
