import Glibc
import PRXPlugins

extension FileIdentity {
    /// The file open as `descriptor`; `nil` when it is not open.
    ///
    /// The corresponding C function is `fstat`.
    init?(of descriptor: FileDescriptor) {
        var status = stat()
        guard fstat(descriptor.rawValue, &status) == 0 else { return nil }
        self.init(status)
    }
}
