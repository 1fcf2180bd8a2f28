# Stand-in for nixos/modules/services/networking/mosquitto.nix (NixOS 26.05): listeners as the
# module types them, and its check that a user gives at most one of password, passwordFile,
# hashedPassword and hashedPasswordFile.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types;
  cfg = config.services.mosquitto;
  opt = type: default: mkOption { inherit type default; };
  user = types.submodule {
    options = {
      password = opt (types.nullOr types.str) null;
      passwordFile = opt (types.nullOr types.path) null;
      hashedPassword = opt (types.nullOr types.str) null;
      hashedPasswordFile = opt (types.nullOr types.path) null;
      acl = opt (types.listOf types.str) [ ];
    };
  };
  listener = types.submodule {
    options = {
      port = opt types.port 1883;
      address = opt (types.nullOr types.str) null;
      users = opt (types.attrsOf user) { };
      omitPasswordAuth = opt types.bool false;
      acl = opt (types.listOf types.str) [ ];
      settings = opt (types.attrsOf types.anything) { };
    };
  };
  users = lib.concatLists (lib.imap0 (i: l: lib.mapAttrsToList (name: u: { inherit i name u; }) l.users) cfg.listeners);
in
{
  options.services.mosquitto = {
    enable = opt types.bool false;
    package = opt types.package pkgs.mosquitto;
    listeners = opt (types.listOf listener) [ ];
  };
  config = lib.mkIf cfg.enable {
    assertions = map (x: {
      assertion = lib.count (v: v != null) [ x.u.password x.u.passwordFile x.u.hashedPassword x.u.hashedPasswordFile ] <= 1;
      message = "services.mosquitto.listeners.${toString x.i}.users.${x.name}: set at most one of password, passwordFile, hashedPassword and hashedPasswordFile.";
    }) users;
  };
}
