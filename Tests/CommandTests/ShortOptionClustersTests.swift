import Foundation
@testable import PRXCommand
import Testing

@Suite struct ShortOptionClustersTests {
    @Test func splitsAClusterLetterByLetterAsArgparseDoes() {
        let split = PRX.shortOptions.split
        #expect(split(["-rm2"]) == ["-r", "-m2"])
        #expect(split(["-rdk12345"]) == ["-r", "-d", "-k", "12345"])
        #expect(split(["-rT", "dir", "-rdC", "-rm2"]) == ["-r", "-T", "dir", "-r", "-d", "-C", "-rm2"],
                "the value of an option is left as it is")
        #expect(split(["-m2", "-k", "-rS-x"]) == ["-m2", "-k", "-r", "-S-x"])
        #expect(split(["-rx", "-5", "--run", "-r"]) == ["-rx", "-5", "--run", "-r"], "not clusters of known letters")
        #expect(split(["-r", "--", "-rm2"]) == ["-r", "--", "-rm2"])
        #expect(split(["-k=12345", "-rk=7"]) == ["-k", "12345", "-r", "-k", "7"], "argparse's -k=PID")
    }

    /// The tables name every short option the commands declare, and no other: a new short option must be added to
    /// its command's table, or a cluster holding it would not be split.
    @Test(arguments: [
        (PRX.helpMessage(columns: 300), PRX.shortOptions),
        (RunRecipeCommand.helpMessage(columns: 300), RunRecipeCommand.shortOptions),
    ])
    func theTablesHoldEveryShortOption(help: String, table: ShortOptionClusters) {
        let declared = Set(help.matches(of: /(?m)^\s+-([A-Za-z])[, ]/).map { Character(String($0.1)) })
        #expect(declared == table.flags.union(table.valued).union(table.flagsWithArgument), "\(help)")
    }
}
