# Stand-in for nixos/modules/services/continuous-integration/gitea-actions-runner.nix
# (NixOS 26.05): one package for every instance (Gitea's runner by default; Forgejo's is
# pkgs.forgejo-runner), and its checks: each instance has exactly one of token and tokenFile, and
# labels that run jobs in containers (`name:docker://image`) need docker or podman on the host.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types mkIf;
  cfg = config.services.gitea-actions-runner;
  opt = type: default: mkOption { inherit type default; };
  enabled = lib.filterAttrs (_: i: i.enable) cfg.instances;
  containerised = i: lib.any (label: builtins.match "[^:]+:docker://.*" label != null) i.labels;
  runtime = config.virtualisation.docker.enable || config.virtualisation.podman.enable;
in
{
  options.services.gitea-actions-runner = {
    package = opt types.package pkgs.gitea-actions-runner;
    instances = opt (types.attrsOf (types.submodule {
      freeformType = types.attrsOf types.anything;
      options = {
        enable = opt types.bool false;
        name = mkOption { type = types.str; };
        url = mkOption { type = types.str; };
        token = opt (types.nullOr types.str) null;
        tokenFile = opt (types.nullOr (types.either types.str types.path)) null;
        labels = mkOption { type = types.listOf types.str; };
        settings = opt (types.attrsOf types.anything) { };
        hostPackages = opt (types.listOf types.package) [ ];
      };
    })) { };
  };
  config = mkIf (enabled != { }) {
    assertions = lib.mapAttrsToList (name: i: {
      assertion = (i.token == null) != (i.tokenFile == null);
      message = "services.gitea-actions-runner.instances.${name}: set exactly one of token and tokenFile.";
    }) enabled ++ lib.mapAttrsToList (name: i: {
      assertion = containerised i -> runtime;
      message = "services.gitea-actions-runner.instances.${name}: container labels need virtualisation.docker or virtualisation.podman enabled.";
    }) enabled;
  };
}
