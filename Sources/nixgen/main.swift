import FleetDefinition
import Foundation
import NixGenCLICore

// The whole tool is the library's CLI over the fleet compiled into this binary.
exit(CLI(arguments: Array(CommandLine.arguments.dropFirst()), fleet: { exampleFleet }, version: "0.1.0", console: .standard()).run())
