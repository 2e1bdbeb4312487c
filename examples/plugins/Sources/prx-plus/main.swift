import Foundation
import JSONLinesSource
import PRXCommand
import PRXPlugins
import PrometheusSink

var registry = PluginRegistry.builtin
registry.register(sink: PrometheusSink.descriptor, factory: PrometheusSink.make)
// Its `file` is a file it reads: prx refuses a run whose result file (`--json`, a sink's `path`) is that file.
registry.register(source: JSONLinesSource.descriptor, factory: JSONLinesSource.make, inputFileSettings: ["file"])
await CommandLineEntry.main(registry: registry)
