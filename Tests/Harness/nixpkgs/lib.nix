# The real nixpkgs lib (26.05, from ../shared/upstream, found through `-I nixgen-upstream=…`),
# extended with `nixosSystem` as nixpkgs' flake extends it, through the stand-in's
# nixos/lib/eval-config.nix. `portOptions` (option paths a fleet binds registry ports to) reach
# the stand-in NixOS module, which declares them `types.port` as NixOS declares its port options.
{ portOptions ? [ ] }:
(import <nixgen-upstream/nixpkgs-lib/lib>).extend (final: prev: {
  nixosSystem = args: import ./nixos/lib/eval-config.nix ({
    lib = final;
    baseModules = [ (import ./nixos/modules/stand-in.nix { inherit portOptions; }) ];
  } // args);
})
