# The real nixpkgs lib (26.05, from $NIXGEN_UPSTREAM, found through `-I nixgen-upstream=…`),
# extended with `nixosSystem` as nixpkgs' flake extends it, through the stand-in's
# nixos/lib/eval-config.nix. `portOptions` (option paths a fleet binds registry ports to) and
# `packageNames` (the `pkgs.<name>` its Nix names) reach the stand-in NixOS modules
# (nixos/modules/base.nix).
{ portOptions ? [ ], packageNames ? [ ] }:
(import <nixgen-upstream/nixpkgs-lib/lib>).extend (final: prev: {
  nixosSystem = args: import ./nixos/lib/eval-config.nix ({
    lib = final;
    repository = { inherit portOptions packageNames; };
  } // args);
})
