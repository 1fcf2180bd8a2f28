# Stand-in for nixpkgs' nixos/lib/eval-config.nix (what `lib.nixosSystem` and colmena call): the
# real `lib.evalModules` over the host's modules plus ../modules/base.nix, which declares the NixOS
# options nixgen's output sets or the tests read. NixOS' own module list is not available offline.
{
  lib ? import ../../lib.nix { },
  system ? null,
  modules,
  specialArgs ? { },
  modulesPath ? toString ../../nixos/modules,
  prefix ? [ ],
  check ? true,
  extraModules ? [ ],
  # What base.nix is told of the repository (portOptions, packageNames); `baseModules` replaces it.
  repository ? { },
  baseModules ? null,
  pkgs ? null,
  ...
}:
let
  systemModule = lib.optional (system != null) { nixpkgs.hostPlatform = lib.mkDefault system; };
  pkgsModule = lib.optional (pkgs != null) { _module.args.pkgs = lib.mkForce pkgs; };
  evaluate = base: checked: lib.evalModules {
    inherit prefix;
    class = "nixos";
    modules = base ++ extraModules ++ systemModule ++ pkgsModule ++ modules
      ++ [ { _module.check = lib.mkDefault checked; } ];
    specialArgs = { inherit modulesPath; } // specialArgs;
  };
  # The services the host's modules define, read in a lenient first pass (every namespace freeform,
  # no stand-in service module, nothing checked): NixOS declares every service, the stand-in only
  # those a fleet here uses, and declares each other one the host defines as a freeform submodule.
  serviceNames = builtins.attrNames (evaluate [ (import ../modules/base.nix (repository // { serviceNames = null; })) ] false).config.services;
in
evaluate (if baseModules != null then baseModules else [ (import ../modules/base.nix (repository // { inherit serviceNames; })) ]) check
