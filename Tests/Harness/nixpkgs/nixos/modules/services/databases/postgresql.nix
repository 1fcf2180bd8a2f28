# Stand-in for nixos/modules/services/databases/postgresql.nix (NixOS 26.05): the package follows
# the host's stateVersion (a host keeps the major version it was installed with), and a user that
# ensures ownership of its database needs that database ensured.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types mkIf versionAtLeast;
  cfg = config.services.postgresql;
  opt = type: default: mkOption { inherit type default; };
  state = config.system.stateVersion;
  release = if state == null then lib.trivial.release else state;
in
{
  options.services.postgresql = {
    enable = opt types.bool false;
    package = opt types.package (
      if versionAtLeast release "25.11" then pkgs.postgresql_17
      else if versionAtLeast release "24.11" then pkgs.postgresql_16
      else if versionAtLeast release "23.11" then pkgs.postgresql_15
      else pkgs.postgresql_14);
    settings = mkOption {
      type = types.submodule {
        freeformType = types.attrsOf types.anything;
        options.port = opt types.port 5432;
      };
      default = { };
    };
    ensureDatabases = opt (types.listOf types.str) [ ];
    ensureUsers = opt (types.listOf (types.submodule {
      options.name = mkOption { type = types.str; };
      options.ensureDBOwnership = opt types.bool false;
      options.ensureClauses = opt (types.attrsOf types.anything) { };
    })) [ ];
  };
  config = mkIf cfg.enable {
    assertions = map (user: {
      assertion = user.ensureDBOwnership -> builtins.elem user.name cfg.ensureDatabases;
      message = "services.postgresql.ensureUsers: ${user.name} has ensureDBOwnership, but no database ${user.name} is in services.postgresql.ensureDatabases.";
    }) cfg.ensureUsers;
  };
}
