import FleetSpec
import Foundation
import NixGenCLICore

// nixgen's command line over the fleet compiled into this binary.
exit(CLI(arguments: Array(CommandLine.arguments.dropFirst()), fleet: { fleet }, console: .standard()).run())
