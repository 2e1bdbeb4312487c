import Foundation
import PRXCommand

exit(await CommandLineEntry.run(arguments: Array(CommandLine.arguments.dropFirst())))
