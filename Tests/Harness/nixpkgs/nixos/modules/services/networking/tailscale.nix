# Stand-in for nixos/modules/services/networking/tailscale.nix (NixOS 26.05): `openFirewall`
# (default false) opens its UDP `port` on every interface.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types mkIf;
  cfg = config.services.tailscale;
  opt = type: default: mkOption { inherit type default; };
in
{
  options.services.tailscale = {
    enable = opt types.bool false;
    port = opt types.port 41641;
    openFirewall = opt types.bool false;
    package = opt types.package pkgs.tailscale;
    useRoutingFeatures = opt (types.enum [ "none" "client" "server" "both" ]) "none";
    extraUpFlags = opt (types.listOf types.str) [ ];
  };
  config = mkIf cfg.enable {
    networking.firewall.allowedUDPPorts = mkIf cfg.openFirewall [ cfg.port ];
  };
}
