# Stand-in for nixpkgs' nixos/lib/eval-config.nix (what `lib.nixosSystem` and colmena call): the
# real `lib.evalModules` over the host's modules plus ../modules/stand-in.nix, which declares the NixOS
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
  baseModules ? [ (import ../modules/stand-in.nix { }) ],
  pkgs ? null,
  ...
}:
let
  systemModule = lib.optional (system != null) { nixpkgs.hostPlatform = lib.mkDefault system; };
  pkgsModule = lib.optional (pkgs != null) { _module.args.pkgs = lib.mkForce pkgs; };
in
lib.evalModules {
  inherit prefix;
  class = "nixos";
  modules = baseModules ++ extraModules ++ systemModule ++ pkgsModule ++ modules
    ++ [ { _module.check = lib.mkDefault check; } ];
  specialArgs = { inherit modulesPath; } // specialArgs;
}
