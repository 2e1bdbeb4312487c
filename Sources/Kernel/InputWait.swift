/// Waits until a source's input can be read (``TaskSource/inputWait``), in a child task of the scheduler's group.
public protocol InputWait: Sendable {
    /// Returns once the input can be read, is at its end or fails, or once the calling task is cancelled.
    func wait() async
}
