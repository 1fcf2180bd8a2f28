# Stand-in for nixos/modules/security/acme/default.nix (NixOS 26.05): certificates inherit
# `defaults`, and the module refuses to run without the CA's terms accepted, or with a
# certificate that has no contact email.
{ config, lib, ... }:
let
  inherit (lib) mkOption types;
  cfg = config.security.acme;
  opt = type: default: mkOption { inherit type default; };
  cert = types.submodule ({ name, ... }: {
    freeformType = types.attrsOf types.anything;
    options = {
      domain = opt types.str name;
      email = opt (types.nullOr types.str) cfg.defaults.email;
      group = opt types.str "acme";
      webroot = opt (types.nullOr types.str) null;
      extraDomainNames = opt (types.listOf types.str) [ ];
    };
  });
in
{
  options.security.acme = {
    acceptTerms = opt types.bool false;
    defaults = mkOption {
      type = types.submodule {
        freeformType = types.attrsOf types.anything;
        options.email = opt (types.nullOr types.str) null;
        options.server = opt (types.nullOr types.str) null;
      };
      default = { };
    };
    certs = opt (types.attrsOf cert) { };
  };
  config.assertions = lib.optionals (cfg.certs != { }) ([
    {
      assertion = cfg.acceptTerms;
      message = "security.acme.acceptTerms must be true: certificates are requested, and the CA's terms of service have not been accepted.";
    }
  ] ++ lib.mapAttrsToList (name: c: {
    assertion = c.email != null;
    message = "security.acme.certs.\"${name}\" has no email: set security.acme.certs.\"${name}\".email or security.acme.defaults.email.";
  }) cfg.certs);
}
