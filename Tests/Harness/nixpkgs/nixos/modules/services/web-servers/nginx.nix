# Stand-in for nixos/modules/services/web-servers/nginx/default.nix and vhost-options.nix
# (NixOS 26.05): virtual hosts and locations as the module types them, the ACME certificates it asks
# security.acme for (`enableACME`), and its checks: the SSL modes exclude each other, enableACME
# excludes useACMEHost, and a virtual host that serves TLS has a certificate.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types mkIf;
  cfg = config.services.nginx;
  opt = type: default: mkOption { inherit type default; };
  location = types.submodule {
    freeformType = types.attrsOf types.anything;
    options = {
      proxyPass = opt (types.nullOr types.str) null;
      proxyWebsockets = opt types.bool false;
      return = opt (types.nullOr (types.oneOf [ types.str types.int ])) null;
      root = opt (types.nullOr types.path) null;
      extraConfig = opt types.lines "";
    };
  };
  vhost = types.submodule ({ name, ... }: {
    freeformType = types.attrsOf types.anything;
    options = {
      serverName = opt (types.nullOr types.str) null;
      forceSSL = opt types.bool false;
      addSSL = opt types.bool false;
      onlySSL = opt types.bool false;
      rejectSSL = opt types.bool false;
      enableACME = opt types.bool false;
      useACMEHost = opt (types.nullOr types.str) null;
      sslCertificate = opt (types.nullOr types.path) null;
      sslCertificateKey = opt (types.nullOr types.path) null;
      locations = opt (types.attrsOf location) { };
      extraConfig = opt types.lines "";
    };
  });
  hosts = lib.attrValues (lib.mapAttrs (name: v: v // { inherit name; }) cfg.virtualHosts);
  serves = v: v.forceSSL || v.addSSL || v.onlySSL;
  names = vs: lib.concatMapStringsSep ", " (v: v.name) vs;
  offenders = pred: lib.filter pred hosts;
in
{
  options.services.nginx = {
    enable = opt types.bool false;
    package = opt types.package pkgs.nginx;
    defaultHTTPListenPort = opt types.port 80;
    defaultSSLListenPort = opt types.port 443;
    recommendedProxySettings = opt types.bool false;
    recommendedTlsSettings = opt types.bool false;
    recommendedGzipSettings = opt types.bool false;
    recommendedOptimisation = opt types.bool false;
    virtualHosts = opt (types.attrsOf vhost) { };
  };
  config = mkIf cfg.enable {
    security.acme.certs = lib.listToAttrs (map (v: lib.nameValuePair (if v.serverName != null then v.serverName else v.name) {
      group = lib.mkDefault "nginx";
    }) (lib.filter (v: v.enableACME) hosts));
    assertions = [
      {
        assertion = offenders (v: lib.count lib.id [ v.addSSL v.onlySSL v.forceSSL v.rejectSSL ] > 1) == [ ];
        message = "services.nginx.virtualHosts.<name>: addSSL, onlySSL, forceSSL and rejectSSL exclude each other (${names (offenders (v: lib.count lib.id [ v.addSSL v.onlySSL v.forceSSL v.rejectSSL ] > 1))}).";
      }
      {
        assertion = offenders (v: v.enableACME && v.useACMEHost != null) == [ ];
        message = "services.nginx.virtualHosts.<name>: enableACME and useACMEHost exclude each other (${names (offenders (v: v.enableACME && v.useACMEHost != null))}).";
      }
      {
        assertion = offenders (v: serves v && !(v.enableACME || v.useACMEHost != null || v.sslCertificate != null)) == [ ];
        message = "services.nginx.virtualHosts.<name>.forceSSL (or addSSL, onlySSL) needs a certificate: enableACME, useACMEHost or sslCertificate (${names (offenders (v: serves v && !(v.enableACME || v.useACMEHost != null || v.sslCertificate != null)))}).";
      }
    ];
  };
}
