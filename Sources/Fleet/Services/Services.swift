// Maintained by `nixgen new-service`: every service of the fleet, one per line.
import NixGen

let allServices: [Service] = [
    postgresql,
    forgejo,
    forgejoRunner,
    nginx,
    vaultwarden,
    prometheus,
    nodeExporter,
    loki,
    grafana,
    jellyfin,
    mosquitto,
    homeAssistant,
    unbound,
    wireguard,
    restic,
    openssh,
    tailscale,
]
