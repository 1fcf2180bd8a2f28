# Stand-in for nixos/modules/services/security/vaultwarden/default.nix
# (NixOS 26.05): `config` is freeform (environment variables Vaultwarden reads, ROCKET_PORT among
# them), secrets come from `environmentFile`, and the built-in backup only knows sqlite.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types mkIf;
  cfg = config.services.vaultwarden;
  opt = type: default: mkOption { inherit type default; };
in
{
  options.services.vaultwarden = {
    enable = opt types.bool false;
    package = opt types.package pkgs.vaultwarden;
    dbBackend = opt (types.enum [ "sqlite" "mysql" "postgresql" ]) "sqlite";
    backupDir = opt (types.nullOr types.str) null;
    environmentFile = opt (types.nullOr (types.either types.path (types.listOf types.path))) null;
    config = mkOption {
      type = types.submodule {
        freeformType = types.attrsOf (types.nullOr (types.oneOf [ types.bool types.int types.str ]));
        options.ROCKET_ADDRESS = opt types.str "::1";
        options.ROCKET_PORT = opt types.port 8222;
      };
      default = { };
    };
  };
  config = mkIf cfg.enable {
    assertions = [{
      assertion = cfg.backupDir != null -> cfg.dbBackend == "sqlite";
      message = "services.vaultwarden.backupDir backs up sqlite only (services.vaultwarden.dbBackend is ${cfg.dbBackend}).";
    }];
  };
}
