#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PRXKernel

/// Waits until a file descriptor can be read (``PRXKernel/InputWait``), looking every 20 ms and sleeping between
/// looks, so that no thread is held while a pipe's writer is silent.
struct DescriptorInputWait: InputWait {
    /// The descriptor, which the stream that owns it keeps open while the source lives.
    let descriptor: Int32

    /// Whether the descriptor can be read now: data, its end, or an error (the read says which).
    var isReady: Bool { isReady(within: 0) }

    /// Whether the descriptor can be read within `milliseconds`, blocking the calling thread that long at most.
    func isReady(within milliseconds: Int32) -> Bool {
        FileDescriptor(rawValue: descriptor).isReady(for: POLLIN, within: milliseconds)
    }

    func wait() async {
        while !isReady {
            do {
                try await Task.sleep(for: .milliseconds(20))
            } catch {
                return
            }
        }
    }
}
