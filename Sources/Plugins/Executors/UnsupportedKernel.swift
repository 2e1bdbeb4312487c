#if os(Linux)
import Glibc

/// The running Linux kernel is older than the 5.9 that prx's task spawn and orphan guard need (`close_range`, and
/// with it `CLONE_PIDFD`): on it every descriptor of prx would reach the tasks, the guard would never see prx die,
/// and a task would start without a process descriptor to watch it by.
public struct UnsupportedKernel: Error, CustomStringConvertible {
    /// The kernel's release, as `uname -r` prints it.
    public let release: String

    /// Checks the running kernel once; throws when it lacks what a run of local tasks needs. Only `ENOSYS` says
    /// so: a seccomp filter that refuses the call (`EPERM`, as container profiles older than the call do) on a
    /// newer kernel costs the tasks prx's descriptors opened without close-on-exec (prx opens none such), not
    /// the guard, which closes prx's end of its socket by name.
    ///
    /// The corresponding C function is `close_range` (closing a descriptor that is never open).
    static func check() throws(UnsupportedKernel) {
        guard GNULibC.spawnKernelSupport() == ENOSYS else { return }
        var names = utsname()
        let release = uname(&names) == 0
            ? withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            : "unknown"
        throw UnsupportedKernel(release: release)
    }

    public var description: String {
        "this Linux kernel (\(release)) has no close_range system call: prx runs tasks on Linux 5.9 or later"
    }
}
#endif
