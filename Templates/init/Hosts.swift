// Maintained by `nixgen new-host`: every host of the fleet, one per line.
import NixGen

let allHosts: [Host] = [
{{entries}}]
