import FleetDefinition
import Foundation
import NixGen

// The whole tool is the library's CLI over the fleet compiled into this binary.
exit(CLI(arguments: Array(CommandLine.arguments.dropFirst()), fleet: { exampleFleet }, console: .standard()).run())
