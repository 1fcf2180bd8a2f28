// Maintained by `nixgen new-service`: every service of the fleet, one per line.
import NixGen

let allServices: [Service] = [
{{entries}}]
