# Stand-in for nixos/modules/services/networking/firewall.nix and firewall-iptables.nix /
# firewall-nftables.nix (NixOS 26.05): the firewall's options as NixOS declares them, in a plain
# option set. Per interface, NixOS takes the union of the global lists and the interface's own; the
# policies judge these options as they are, never a generated rule set.
{ config, lib, ... }:
let
  inherit (lib) mkOption types;
  opt = type: default: mkOption { inherit type default; };
  range = types.submodule { options.from = mkOption { type = types.port; }; options.to = mkOption { type = types.port; }; };
  ports = {
    allowedTCPPorts = opt (types.listOf types.port) [ ];
    allowedUDPPorts = opt (types.listOf types.port) [ ];
    allowedTCPPortRanges = opt (types.listOf range) [ ];
    allowedUDPPortRanges = opt (types.listOf range) [ ];
  };
in
{
  options.networking.firewall = ports // {
    enable = opt types.bool true;
    package = opt types.unspecified null;
    interfaces = opt (types.attrsOf (types.submodule { options = ports; })) { };
    trustedInterfaces = opt (types.listOf types.str) [ ];
    allowPing = opt types.bool true;
    logRefusedConnections = opt types.bool true;
    rejectPackets = opt types.bool false;
    checkReversePath = opt (types.either types.bool (types.enum [ "strict" "loose" ])) true;
    extraCommands = opt types.lines "";
    extraStopCommands = opt types.lines "";
    extraInputRules = opt types.lines "";
    extraForwardRules = opt types.lines "";
    # NixOS picks nftables when networking.nftables is on, iptables otherwise.
    backend = opt (types.enum [ "iptables" "nftables" "firewalld" ]) (if config.networking.nftables.enable then "nftables" else "iptables");
  };
  options.networking.nftables = {
    enable = opt types.bool false;
    ruleset = opt types.lines "";
    tables = opt (types.attrsOf (types.submodule {
      options.family = mkOption { type = types.enum [ "ip" "ip6" "inet" "arp" "bridge" "netdev" ]; };
      options.content = opt types.lines "";
      options.enable = opt types.bool true;
    })) { };
  };
}
