import Foundation
import JSONLinesSource
import PRXCommand
import PRXPlugins
import PrometheusSink

var registry = PluginRegistry.builtin
registry.register(sink: PrometheusSink.descriptor, factory: PrometheusSink.make)
registry.register(source: JSONLinesSource.descriptor, factory: JSONLinesSource.make)
await CommandLineEntry.main(registry: registry)
