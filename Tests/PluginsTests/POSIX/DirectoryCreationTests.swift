#if os(Linux)
import Glibc
@testable import PRXPlugins
import PRXTesting
import Testing

@Suite struct DirectoryCreationTests {
    /// A creation that found a parent there, made by another creation that then failed and removed it again, was
    /// refused with `No such file or directory` as it went on inside it: two prx runs given one new `PRX_HOME`, one of
    /// which could not make its own directory there. A walk that fails so is walked again, and succeeds once the part
    /// is made again.
    @Test func aWalkThatFoundAPartGoneIsWalkedAgain() throws {
        var walks = 0
        try DirectoryCreation.walkingAgainWhereAPartVanished { () throws(DirectoryCreation.Failure) in
            walks += 1
            if walks < 3 { throw DirectoryCreation.Failure(prefix: "/home/me/prx", errorNumber: ENOENT) }
        }
        #expect(walks == 3)
    }

    /// A part that keeps going missing (another creation failing over and over, or a working directory removed) is
    /// walked again a bounded number of times, and then refused with the walk's failure.
    @Test func aPartThatKeepsGoingMissingIsRefusedInTheEnd() {
        var walks = 0
        let gone = DirectoryCreation.Failure(prefix: "/home/me/prx", errorNumber: ENOENT)
        #expect(throws: gone) {
            try DirectoryCreation.walkingAgainWhereAPartVanished { () throws(DirectoryCreation.Failure) in
                walks += 1
                throw gone
            }
        }
        #expect(walks == 1 + DirectoryCreation.vanishedParentRetries)
    }

    /// A symbolic link to nothing (`ENOENT` too) and any other failure are refused at once: walking again finds them
    /// as they are.
    @Test(arguments: [(ENOENT, "/mnt/gone"), (EACCES, nil), (ENOTDIR, nil)] as [(Int32, String?)])
    func anotherFailureIsRefusedAtOnce(errorNumber: Int32, linkTarget: String?) {
        let failure = DirectoryCreation.Failure(
            prefix: "/home/me/prx", errorNumber: errorNumber, missingLinkTarget: linkTarget)
        var walks = 0
        #expect(throws: failure) {
            try DirectoryCreation.walkingAgainWhereAPartVanished { () throws(DirectoryCreation.Failure) in
                walks += 1
                throw failure
            }
        }
        #expect(walks == 1)
    }

    /// A symbolic link to nothing in the path, created for real, is still refused naming what it leads to.
    @Test func aLinkToNothingIsRefusedNamingItsTarget() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        let link = root.file("link")
        #expect(symlink(root.file("gone"), link) == 0)
        do throws(DirectoryCreation.Failure) {
            try DirectoryCreation.create(link + "/run")
            Issue.record("\(link)/run was made")
        } catch {
            #expect(error.errorNumber == ENOENT && error.missingLinkTarget == root.file("gone"), "\(error)")
        }
    }
}
#endif
