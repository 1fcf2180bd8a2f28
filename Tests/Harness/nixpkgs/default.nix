# Stand-in for `import nixpkgs { system; overlays; config; }`: nixpkgs' package set, which cannot
# be fetched here. Every package is a plain derivation of its name that is never built; the
# builders the generated flake and the upstream modules call (writeShellScript, runCommand,
# buildEnv, formats …) return such derivations too, keeping the text they were given as `text`
# so tests can read a deploy script. Overlays are applied with the real lib's fixed points.
{
  system ? null,
  localSystem ? null,
  crossSystem ? null,
  overlays ? [ ],
  config ? { },
  # Names a repository's Nix reads from pkgs beyond those packages.nix knows: each is a plain
  # stand-in derivation, so raw Nix naming any package evaluates.
  packageNames ? [ ],
  ...
}:
let
  lib = import ./lib.nix { };
  hostSystem =
    if system != null then system
    else if builtins.isString localSystem then localSystem
    else if localSystem != null then localSystem.system
    else "x86_64-linux";
  base = final: import ./packages.nix { inherit lib final hostSystem overlays config packageNames; };
in
lib.fix (lib.extends (lib.composeManyExtensions overlays) base)
