import PRXTesting
import Testing

/// Expects `check` (a `--show-config` or `--validate-config`) refused as `other` was, a run or another check: exit 2,
/// nothing on standard output, and `other`'s line on standard error.
func expectRefused(
    _ check: PRXProcess.Outcome, asRefused other: PRXProcess.Outcome,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(check.status == 2, "\(check.stdout)", sourceLocation: sourceLocation)
    #expect(check.stdout.isEmpty, "\(check.stdout)", sourceLocation: sourceLocation)
    #expect(check.stderr == other.stderr, sourceLocation: sourceLocation)
}
