import Foundation
import PRXCommand

exit(await CommandLineEntry.main())
