# The stand-in NixOS modules, one per upstream module of NixOS 26.05 that a fleet here uses, each
# written from reading that module (never copied) and naming the upstream path it follows. Beside
# them, base.nix declares the core options and the freeform remainder.
#
# `covered`: the option subtrees these modules declare themselves, port options included; a port
# option a fleet binds below one of them is typed there, not by base.nix's generic declaration.
{
  modules = [
    ./services/networking/firewall.nix
    ./services/networking/ssh/sshd.nix
    ./services/networking/tailscale.nix
    ./services/networking/wireguard.nix
    ./services/networking/unbound.nix
    ./services/web-servers/nginx.nix
    ./security/acme.nix
    ./services/monitoring/grafana.nix
    ./services/monitoring/loki.nix
    ./services/monitoring/prometheus.nix
    ./services/misc/forgejo.nix
    ./services/misc/jellyfin.nix
    ./services/databases/postgresql.nix
    ./services/continuous-integration/gitea-actions-runner.nix
    ./services/backup/restic.nix
    ./services/home-automation/home-assistant.nix
    ./services/security/vaultwarden.nix
    ./services/networking/mosquitto.nix
  ];
  covered = [
    [ "networking" "firewall" ]
    [ "networking" "nftables" ]
    [ "networking" "wireguard" ]
    [ "services" "openssh" ]
    [ "services" "tailscale" ]
    [ "services" "unbound" ]
    [ "services" "nginx" ]
    [ "security" "acme" ]
    [ "services" "grafana" ]
    [ "services" "loki" ]
    [ "services" "prometheus" ]
    [ "services" "forgejo" ]
    [ "services" "jellyfin" ]
    [ "services" "postgresql" ]
    [ "services" "gitea-actions-runner" ]
    [ "services" "restic" ]
    [ "services" "home-assistant" ]
    [ "services" "vaultwarden" ]
    [ "services" "mosquitto" ]
  ];
}
