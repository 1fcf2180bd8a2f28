# Stand-in for the nixpkgs flake input: the real lib (with nixosSystem), and the stand-in package
# set per system; `outPath` lets `import nixpkgs { … }` and `nixpkgs.path` work as with the real one.
{ portOptions ? [ ], packageNames ? [ ] }:
let lib = import ./lib.nix { inherit portOptions packageNames; }; in
{
  outPath = "${./.}";
  inherit lib;
  legacyPackages = lib.genAttrs [ "aarch64-darwin" "aarch64-linux" "i686-linux" "x86_64-darwin" "x86_64-linux" ]
    (system: import ./. { inherit system packageNames; });
}
