# Stand-in for nixos/modules/services/monitoring/grafana.nix (NixOS 26.05): the settings a fleet
# sets, typed as the module types them, and its checks. 26.05 gives
# `settings.security.secret_key` no default, so a grafana without one does not build (see the
# 26.05 release notes); datasources come from settings or a path, not both, and Prometheus
# datasources cannot use `direct` access. Passwords that are neither a `$__file{…}` nor a `$__env{…}`
# reference land in the store: the module warns.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types mkIf;
  cfg = config.services.grafana;
  opt = type: default: mkOption { inherit type default; };
  section = options: mkOption {
    type = types.submodule { freeformType = types.attrsOf types.anything; inherit options; };
    default = { };
  };
  datasource = types.submodule {
    freeformType = types.attrsOf types.anything;
    options = {
      name = mkOption { type = types.str; };
      type = mkOption { type = types.str; };
      access = opt (types.enum [ "proxy" "direct" ]) "proxy";
      url = opt types.str "localhost";
      uid = opt (types.nullOr types.str) null;
    };
  };
  plaintext = value: default: value != null && value != default
    && builtins.match "^\\$__(file|env)\\{.*}$" value == null;
  provisioned = cfg.provision.datasources.settings;
in
{
  options.services.grafana = {
    enable = opt types.bool false;
    package = opt types.package pkgs.grafana;
    dataDir = opt types.str "/var/lib/grafana";
    settings = mkOption {
      type = types.submodule {
        freeformType = types.attrsOf types.anything;
        options = {
          server = section {
            protocol = opt (types.enum [ "http" "https" "h2" "socket" ]) "http";
            http_addr = opt types.str "127.0.0.1";
            http_port = opt types.port 3000;
            domain = opt types.str "localhost";
            root_url = opt types.str "%(protocol)s://%(domain)s:%(http_port)s/";
          };
          security = section {
            admin_user = opt types.str "admin";
            admin_password = opt types.str "admin";
            secret_key = opt (types.nullOr types.str) null;
          };
          database = section {
            type = opt (types.enum [ "mysql" "sqlite3" "postgres" ]) "sqlite3";
            password = opt types.str "";
          };
        };
      };
      default = { };
    };
    provision = {
      enable = opt types.bool false;
      datasources = {
        path = opt (types.nullOr types.path) null;
        settings = opt (types.nullOr (types.submodule {
          freeformType = types.attrsOf types.anything;
          options.apiVersion = opt types.int 1;
          options.datasources = opt (types.listOf datasource) [ ];
        })) null;
      };
      dashboards.settings = opt (types.nullOr (types.attrsOf types.anything)) null;
    };
  };
  config = mkIf cfg.enable {
    assertions = [
      {
        assertion = cfg.settings.security.secret_key != null;
        message = "services.grafana.settings.security.secret_key must be set: it has no default since NixOS 26.05 (use a file provider, \"$__file{/run/…}\").";
      }
      {
        assertion = provisioned == null || cfg.provision.datasources.path == null;
        message = "services.grafana.provision.datasources: set settings or path, not both.";
      }
      {
        assertion = provisioned == null || lib.all (d: d.type == "prometheus" -> d.access != "direct") provisioned.datasources;
        message = "services.grafana.provision.datasources: a prometheus datasource cannot use direct access.";
      }
    ];
    warnings = lib.optional (plaintext cfg.settings.security.admin_password "admin" || plaintext cfg.settings.database.password "")
      "Grafana passwords will be stored as plaintext in the Nix store! Use a file provider or an environment variable instead.";
  };
}
