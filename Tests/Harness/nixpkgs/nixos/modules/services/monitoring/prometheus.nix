# Stand-in for nixos/modules/services/monitoring/prometheus/default.nix and
# prometheus/exporters.nix with exporters/node.nix (NixOS 26.05): scrape jobs are a list that
# concatenates across modules; an exporter's `openFirewall` (default false) opens its port on
# every interface through a rule of its own (`firewallFilter`, by default its TCP port) in
# `extraCommands` (iptables) or `extraInputRules` (nftables), not through the port lists.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types mkIf;
  cfg = config.services.prometheus;
  node = cfg.exporters.node;
  opt = type: default: mkOption { inherit type default; };
  job = types.submodule {
    freeformType = types.attrsOf types.anything;
    options.job_name = mkOption { type = types.str; };
    options.static_configs = opt (types.listOf (types.submodule {
      freeformType = types.attrsOf types.anything;
      options.targets = opt (types.listOf types.str) [ ];
    })) [ ];
  };
in
{
  options.services.prometheus = {
    enable = opt types.bool false;
    package = opt types.package pkgs.prometheus;
    port = opt types.port 9090;
    listenAddress = opt types.str "0.0.0.0";
    retentionTime = opt (types.nullOr types.str) null;
    scrapeConfigs = opt (types.listOf job) [ ];
    exporters.node = {
      enable = opt types.bool false;
      port = opt types.port 9100;
      listenAddress = opt types.str "0.0.0.0";
      openFirewall = opt types.bool false;
      firewallFilter = opt types.str "-p tcp -m tcp --dport ${toString node.port}";
      firewallRules = opt types.lines "tcp dport ${toString node.port} accept";
      enabledCollectors = opt (types.listOf types.str) [ ];
      disabledCollectors = opt (types.listOf types.str) [ ];
    };
  };
  config = mkIf (node.enable && node.openFirewall) {
    networking.firewall.extraCommands = mkIf (!config.networking.nftables.enable)
      "ip46tables -A nixos-fw ${node.firewallFilter} -m comment --comment node-exporter -j nixos-fw-accept";
    networking.firewall.extraInputRules = mkIf config.networking.nftables.enable node.firewallRules;
  };
}
