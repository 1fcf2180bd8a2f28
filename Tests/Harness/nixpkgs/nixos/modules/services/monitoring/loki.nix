# Stand-in for nixos/modules/services/monitoring/loki.nix (NixOS 26.05): Loki runs from either
# `configuration` (written out as its YAML) or `configFile`, exactly one. What Loki 3 itself needs
# in it (schema_config, storage, a ring) is checked by the tests of the fleet, not here: the
# module does not check it either.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types mkIf;
  cfg = config.services.loki;
  opt = type: default: mkOption { inherit type default; };
in
{
  options.services.loki = {
    enable = opt types.bool false;
    package = opt types.package pkgs.grafana-loki;
    dataDir = opt types.str "/var/lib/loki";
    configuration = opt (types.attrsOf types.anything) { };
    configFile = opt (types.nullOr types.path) null;
    extraFlags = opt (types.listOf types.str) [ ];
  };
  config = mkIf cfg.enable {
    assertions = [{
      assertion = (cfg.configuration == { }) != (cfg.configFile == null);
      message = "services.loki: set exactly one of configuration and configFile.";
    }];
  };
}
