# Stand-in for nixos/modules/services/backup/restic.nix (NixOS 26.05): each backup names its
# repository exactly once (`repository` or `repositoryFile`) and reads its password from a file.
{ config, lib, ... }:
let
  inherit (lib) mkOption types;
  opt = type: default: mkOption { inherit type default; };
  backups = config.services.restic.backups;
in
{
  options.services.restic.backups = opt (types.attrsOf (types.submodule {
    freeformType = types.attrsOf types.anything;
    options = {
      passwordFile = opt (types.nullOr types.str) null;
      repository = opt (types.nullOr types.str) null;
      repositoryFile = opt (types.nullOr types.path) null;
      paths = opt (types.nullOr (types.listOf types.str)) null;
      initialize = opt types.bool false;
      timerConfig = opt (types.nullOr (types.attrsOf types.anything)) { OnCalendar = "daily"; Persistent = true; };
    };
  })) { };
  config.assertions = lib.concatLists (lib.mapAttrsToList (name: b: [
    {
      assertion = (b.repository == null) != (b.repositoryFile == null);
      message = "services.restic.backups.${name}: set exactly one of repository and repositoryFile.";
    }
    {
      assertion = b.passwordFile != null;
      message = "services.restic.backups.${name}.passwordFile is not set: restic needs the repository's password from a file.";
    }
  ]) backups);
}
