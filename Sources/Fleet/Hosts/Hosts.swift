// Maintained by `nixgen new-host`: every host of the fleet, one per line.
import NixGen

let allHosts: [Host] = [
    ariadne,
    atlas,
    boreas,
    calypso,
    demeter,
    eos,
    gaia,
    helios,
    hestia,
    iris,
    janus,
    kronos,
    leto,
    metis,
    nyx,
    orion,
    pallas,
    rhea,
    selene,
]
