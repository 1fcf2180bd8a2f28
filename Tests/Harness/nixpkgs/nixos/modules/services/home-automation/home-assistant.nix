# Stand-in for nixos/modules/services/home-automation/home-assistant.nix (NixOS 26.05):
# `extraComponents` defaults to what onboarding needs (default_config, met, esphome); a value
# replaces that list, it does not add to it. `openFirewall` (default false) opens the HTTP port
# (`config.http.server_port`) on every interface.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types mkIf;
  cfg = config.services.home-assistant;
  opt = type: default: mkOption { inherit type default; };
in
{
  options.services.home-assistant = {
    enable = opt types.bool false;
    package = opt types.package pkgs.home-assistant;
    openFirewall = opt types.bool false;
    extraComponents = opt (types.listOf types.str) [ "default_config" "met" "esphome" ];
    extraPackages = opt types.unspecified (_: [ ]);
    config = opt (types.nullOr (types.submodule {
      freeformType = types.attrsOf types.anything;
      options.http = mkOption {
        type = types.submodule {
          freeformType = types.attrsOf types.anything;
          options.server_port = opt types.port 8123;
          options.server_host = opt (types.either types.str (types.listOf types.str)) [ "0.0.0.0" "::" ];
        };
        default = { };
      };
    })) { };
  };
  config = mkIf (cfg.enable && cfg.openFirewall) {
    networking.firewall.allowedTCPPorts = [ (if cfg.config == null then 8123 else cfg.config.http.server_port) ];
  };
}
