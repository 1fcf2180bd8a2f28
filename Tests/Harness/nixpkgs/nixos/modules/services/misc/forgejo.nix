# Stand-in for nixos/modules/services/misc/forgejo.nix (NixOS 26.05): its options a fleet sets,
# with the module's defaults, the local database it provisions (`database.createDatabase`, on by
# default: for postgres an ensured database and a user that owns it, through services.postgresql),
# and its two checks on that: the database user is the service user, and for postgres the
# database is named after its user.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types mkIf;
  cfg = config.services.forgejo;
  db = cfg.database;
  opt = type: default: mkOption { inherit type default; };
  postgres = db.type == "postgres";
  sqlite = db.type == "sqlite3";
in
{
  options.services.forgejo = {
    enable = opt types.bool false;
    package = opt types.package pkgs.forgejo-lts;
    user = opt types.str "forgejo";
    group = opt types.str "forgejo";
    stateDir = opt types.str "/var/lib/forgejo";
    database = {
      type = opt (types.enum [ "sqlite3" "mysql" "postgres" ]) "sqlite3";
      host = opt types.str "127.0.0.1";
      port = opt types.port (if postgres then config.services.postgresql.settings.port else 3306);
      name = opt types.str "forgejo";
      user = opt types.str "forgejo";
      passwordFile = opt (types.nullOr types.path) null;
      socket = opt (types.nullOr types.path) (if db.createDatabase && postgres then "/run/postgresql" else null);
      createDatabase = opt types.bool true;
    };
    settings = mkOption {
      type = types.submodule {
        freeformType = types.attrsOf types.anything;
        options.server = mkOption {
          type = types.submodule {
            freeformType = types.attrsOf types.anything;
            options = {
              PROTOCOL = opt (types.enum [ "http" "https" "fcgi" "http+unix" "fcgi+unix" ]) "http";
              HTTP_ADDR = opt types.str "0.0.0.0";
              HTTP_PORT = opt types.port 3000;
              DOMAIN = opt types.str "localhost";
              ROOT_URL = opt types.str "http://${cfg.settings.server.DOMAIN}:${toString cfg.settings.server.HTTP_PORT}/";
              DISABLE_SSH = opt types.bool false;
              SSH_PORT = opt types.port 22;
            };
          };
          default = { };
        };
      };
      default = { };
    };
    secrets = opt (types.attrsOf (types.attrsOf types.path)) { };
  };
  config = mkIf cfg.enable {
    assertions = [
      {
        assertion = db.createDatabase -> sqlite || db.user == cfg.user;
        message = "services.forgejo.database.user must match services.forgejo.user if the database is to be automatically provisioned";
      }
      {
        assertion = db.createDatabase && postgres -> db.user == db.name;
        message = "services.forgejo: a database NixOS creates needs its user and its name equal (services.forgejo.database.user, services.forgejo.database.name).";
      }
    ];
    services.postgresql = mkIf (db.createDatabase && postgres) {
      enable = lib.mkDefault true;
      ensureDatabases = [ db.name ];
      ensureUsers = [{ name = db.user; ensureDBOwnership = true; }];
    };
  };
}
