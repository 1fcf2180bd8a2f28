# Stand-in for nixos/modules/services/networking/unbound.nix (NixOS 26.05): `settings` is freeform,
# and its list values (local-data, interface, access-control) concatenate across modules as the
# module's settings type merges them.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types;
  opt = type: default: mkOption { inherit type default; };
  strings = opt (types.listOf types.str) [ ];
in
{
  options.services.unbound = {
    enable = opt types.bool false;
    package = opt types.package pkgs.unbound;
    settings = mkOption {
      type = types.submodule {
        freeformType = types.attrsOf types.anything;
        options.server = mkOption {
          type = types.submodule {
            freeformType = types.attrsOf types.anything;
            options = {
              port = opt types.port 53;
              interface = opt (types.listOf types.str) [ "127.0.0.1" "::1" ];
              access-control = strings;
              local-data = strings;
              local-zone = strings;
            };
          };
          default = { };
        };
      };
      default = { };
    };
  };
}
