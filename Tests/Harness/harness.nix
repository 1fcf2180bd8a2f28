# The offline evaluation harness: calls a rendered repository's `flake.nix` the way Nix does, with
# the real nixinate, secrix, colmena and nix-darwin flakes (from $NIXGEN_UPSTREAM, found through
# `-I nixgen-upstream=…`) and the nixpkgs stand-in in ./nixpkgs, and reports what each host really
# evaluates to. `root` is copied to the store first, as Nix copies a flake, so the flake's `self` is
# exactly what nixinate and colmena would send to a host.
#
#   nix-instantiate --eval --strict --json --read-write-mode -I nixgen-upstream=… \
#     Tests/Harness/harness.nix --arg root /path/to/rendered --arg portOptions '[ … ]' -A report
{ root }:
let
  upstream = <nixgen-upstream>;
  source = builtins.path { path = root; name = "source"; };
  # The options the fleet binds registry ports to, from its own inventory.
  # (A flake nixgen did not render, such as the one `nixgen import` reads, has none.)
  inventory = if builtins.pathExists (source + "/nix/inventory.nix") then import (source + "/nix/inventory.nix") else { services = { }; };
  portOptions = builtins.concatLists (map (service: builtins.attrValues (service.bindings or { }))
    (builtins.attrValues inventory.services));
  # The `pkgs.<name>` the repository's Nix files name (raw Nix in settings, user modules): each is
  # a plain derivation in the stand-in package set.
  lib0 = import (upstream + "/nixpkgs-lib/lib");
  nixFiles = dir: lib0.concatLists (lib0.mapAttrsToList (name: type:
    if type == "directory" then nixFiles (dir + "/${name}")
    else if type == "regular" && lib0.hasSuffix ".nix" name then [ (dir + "/${name}") ] else [ ]) (builtins.readDir dir));
  packageNames = lib0.unique (lib0.concatMap (file: map builtins.head (lib0.filter builtins.isList
    (builtins.split "pkgs\\.([a-zA-Z_][a-zA-Z0-9_-]*)" (builtins.readFile file)))) (nixFiles source));
  nixpkgs = import ./nixpkgs/flake-outputs.nix { inherit portOptions packageNames; };
  lib = nixpkgs.lib;
  # A flake as Nix calls it: `outputs` given its inputs and itself, `self` carrying `outPath`.
  callFlake = src: inputs:
    let
      flake = import (src + "/flake.nix");
      self = flake.outputs (inputs // { inherit self; }) // {
        outPath = src;
        inherit inputs;
        lastModifiedDate = "19700101000000";
        lastModified = 0;
      };
    in
    self;
  fromUpstream = name: inputs: callFlake (builtins.path { path = upstream + "/${name}"; inherit name; }) inputs;
  systems = { outPath = builtins.toFile "systems.nix" ''[ "aarch64-darwin" "aarch64-linux" "x86_64-darwin" "x86_64-linux" ]''; };
  flake-utils = fromUpstream "flake-utils" { inherit systems; };
  inputs = {
    inherit nixpkgs;
    nixinate = fromUpstream "nixinate" { inherit nixpkgs; };
    secrix = fromUpstream "secrix" { inherit nixpkgs; };
    # The pinned colmena holds its Nix code but not its package.nix: its apps get the stand-in
    # package set's `colmena`, in the shape colmena's flake gives them.
    colmena = fromUpstream "colmena" { inherit nixpkgs flake-utils; stable = nixpkgs; nix-github-actions = { }; } // {
      apps = lib.mapAttrs (_: pkgs: { colmena = { type = "app"; program = "${pkgs.colmena}/bin/colmena"; }; }) nixpkgs.legacyPackages;
    };
    nix-darwin = fromUpstream "nix-darwin" { inherit nixpkgs; };
  };
  fleet = callFlake source inputs;
  nixos = fleet.nixosConfigurations or { };
  darwin = fleet.darwinConfigurations or { };
  failed = config: map (a: a.message) (lib.filter (a: !a.assertion) config.assertions);
  firewall = fw: {
    inherit (fw) enable allowedTCPPorts allowedUDPPorts allowedTCPPortRanges allowedUDPPortRanges trustedInterfaces;
    extraCommands = fw.extraCommands != "";
    interfaces = lib.mapAttrs (_: i: { inherit (i) allowedTCPPorts allowedUDPPorts allowedTCPPortRanges allowedUDPPortRanges; }) fw.interfaces;
  };
  secretFiles = config: lib.concatLists (lib.mapAttrsToList (service: s: lib.mapAttrsToList (name: secret: {
    inherit service name;
    file = toString secret.encrypted.file;
    inSelf = lib.hasPrefix "${source}/" (toString secret.encrypted.file);
    exists = builtins.pathExists secret.encrypted.file;
    path = secret.decrypted.path;
    user = secret.decrypted.user;
    mode = secret.decrypted.mode;
  }) s.secrets) config.secrix.services or { });
  apps = fleet.apps or { };
  # The flake reference nixinate's deploy script hands to nixos-rebuild, read from the script's
  # derivation (the stand-in's writeShellScript keeps the text in it).
  scriptText = program: builtins.readFile (builtins.head (builtins.attrNames (builtins.getContext program)));
  deployedFlake = system: name:
    let found = builtins.match ".*--flake ([^ #]+)#${name}[^-a-zA-Z0-9].*" (scriptText apps.${system}.${name}.program);
    in if found == null then null else builtins.head found;
  nixosReport = name: host: {
    failedAssertions = failed host.config;
    warnings = host.config.warnings;
    hostName = host.config.networking.hostName;
    stateVersion = host.config.system.stateVersion;
    firewall = firewall host.config.networking.firewall;
    secrets = secretFiles host.config;
    nixinate = host._module.args.nixinate or null;
    deployedFlake = if apps ? x86_64-linux.${name} then deployedFlake "x86_64-linux" name else null;
    users = lib.mapAttrs (_: u: { inherit (u) isNormalUser extraGroups; keys = u.openssh.authorizedKeys.keys; }) host.config.users.users;
    trustedUsers = host.config.nix.settings.trusted-users;
    sudoRules = host.config.security.sudo.extraRules;
    toplevel = host.config.system.build.toplevel.drvPath;
  };
  darwinReport = name: host: {
    hostName = host.config.networking.hostName;
    stateVersion = host.config.system.stateVersion;
    toplevel = host.config.system.build.toplevel.drvPath;
    system = host.config.nixpkgs.hostPlatform.system;
  };
  hostFiles = if builtins.pathExists (source + "/nix/hosts") then builtins.attrNames (builtins.readDir (source + "/nix/hosts")) else [ ];
in
{
  inherit fleet inputs source;
  # Each host file applied to nothing but lib: exactly what it sets itself, its imports left out.
  hostModules = lib.listToAttrs (map (file: lib.nameValuePair (lib.removeSuffix ".nix" file)
    (builtins.removeAttrs (import (source + "/nix/hosts/${file}") { inherit lib; }) [ "imports" ])) hostFiles);
  # The age binaries the secrix app's script calls, read from its derivation.
  secrixAgeBins = lib.unique (map builtins.head (lib.filter builtins.isList
    (builtins.split "(/nix/store/[a-z0-9]+-age/bin/age)" (scriptText apps.x86_64-linux.secrix.program))));
  report = {
    source = toString source;
    nixos = lib.mapAttrs nixosReport nixos;
    darwin = lib.mapAttrs darwinReport darwin;
    apps = lib.mapAttrs (system: set: lib.mapAttrs (_: app: { inherit (app) type; program = toString app.program; }) set) apps;
    colmena = if fleet ? colmenaHive then lib.mapAttrs (_: d: { inherit (d) targetHost targetUser buildOnTarget tags; })
      fleet.colmenaHive.deploymentConfig else null;
  };
}
