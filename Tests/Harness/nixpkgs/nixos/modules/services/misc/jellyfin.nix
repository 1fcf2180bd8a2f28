# Stand-in for nixos/modules/services/misc/jellyfin.nix (NixOS 26.05): `openFirewall` (default
# false) opens the web ports (8096, 8920) over TCP and the discovery ports (1900 for DLNA, 7359 for
# clients) over UDP, on every interface.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types mkIf;
  cfg = config.services.jellyfin;
  opt = type: default: mkOption { inherit type default; };
in
{
  options.services.jellyfin = {
    enable = opt types.bool false;
    package = opt types.package pkgs.jellyfin;
    user = opt types.str "jellyfin";
    openFirewall = opt types.bool false;
  };
  config = mkIf (cfg.enable && cfg.openFirewall) {
    networking.firewall.allowedTCPPorts = [ 8096 8920 ];
    networking.firewall.allowedUDPPorts = [ 1900 7359 ];
  };
}
