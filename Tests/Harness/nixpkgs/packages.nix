# The stand-in package set's contents (see default.nix). Packages are derivations named after
# the attribute; nothing here is ever built, only evaluated to a store path.
{ lib, final, hostSystem, overlays, config, packageNames ? [ ] }:
let
  platform = lib.systems.elaborate hostSystem;
  drv = name: attrs:
    let
      d = derivation ({
        inherit name;
        system = hostSystem;
        builder = "/bin/sh";
        args = [ "-c" "echo stand-in derivation: nothing is built in the offline harness; exit 1" ];
      } // lib.filterAttrs (_: v: builtins.isString v || builtins.isBool v || builtins.isInt v) attrs);
    in
    d // attrs // {
      pname = name;
      version = attrs.version or "0";
      meta = { mainProgram = name; } // (attrs.meta or { });
      override = _: drv name attrs;
      overrideAttrs = f: drv name (attrs // (if builtins.isFunction f then f attrs else f));
      passthru = { };
    };
  package = name: drv name { };
  text = name: text: drv name { inherit text; };
  mkDerivation = args:
    let a = if builtins.isFunction args then args { } else args;
    in drv (a.name or "${a.pname}-${a.version or "0"}") (lib.removeAttrs a [ "name" "meta" "passthru" ]
      // { passthru = a.passthru or { }; } // (a.passthru or { }));
  stdenv = {
    inherit mkDerivation hostPlatform buildPlatform targetPlatform;
    isLinux = platform.isLinux;
    isDarwin = platform.isDarwin;
    system = hostSystem;
    shell = "/bin/sh";
    cc = package "cc";
  };
  hostPlatform = platform;
  buildPlatform = platform;
  targetPlatform = platform;
  format = generator: { ... }: {
    type = lib.types.anything;
    generate = name: value: text name (generator value);
  };
  # Packages the upstream and stand-in modules and the generated flake name, and those the
  # repository's own Nix names (`packageNames`, found by the harness); any other is missing, as it
  # would be from a nixpkgs without it.
  names = packageNames ++ [
    "age" "bash" "bashInteractive" "cacert" "conftest" "coreutils" "curl" "findutils" "flock" "git" "gnugrep"
    "gnused" "gnutar" "gzip" "jq" "less" "nano" "neovim" "nix" "nixos-rebuild" "openssh" "rsync" "shadow"
    "sudo" "systemd" "tailscale" "util-linux" "vim" "which" "xz" "zsh" "nix-eval-jobs" "colmena" "gettext"
    "man" "texinfo" "darwin-rebuild" "darwin-option" "darwin-version" "darwin-uninstaller" "nix-info"
    "nix-bash-completions" "nix-zsh-completions" "pam-reattach" "ncurses" "lndir" "makeWrapper" "rsync"
    "fish" "starship" "direnv" "htop" "ripgrep" "fzf" "tmux"
    "grafana" "grafana-loki" "prometheus" "forgejo" "forgejo-lts" "forgejo-runner" "gitea-actions-runner" "jellyfin"
    "home-assistant" "nginx" "unbound" "mosquitto" "vaultwarden" "restic" "wireguard-tools" "docker" "podman"
    "postgresql_14" "postgresql_15" "postgresql_16" "postgresql_17"
  ];
in
lib.genAttrs names package // {
  # Modules compare these versions (nix-darwin asserts Nix >= 2.2).
  nix = drv "nix" { version = "2.28.4"; };
  inherit lib stdenv hostPlatform buildPlatform targetPlatform overlays config;
  system = hostSystem;
  path = ./.;
  stdenvNoCC = stdenv;
  runtimeShell = "/bin/sh";
  pkgs = final;
  __splicedPackages = final;
  pkgsBuildBuild = final;
  pkgsBuildHost = final;
  buildPackages = final;
  darwin = lib.genAttrs [ "cctools" "DarwinTools" "ps" "sudo" ] package;
  nixVersions = { stable = final.nix; latest = final.nix; };
  callPackage = lib.callPackageWith final;
  appendOverlays = extra: import ./. { system = hostSystem; overlays = overlays ++ extra; inherit config; };
  extend = overlay: final.appendOverlays [ overlay ];
  writeText = text;
  writeScript = text;
  writeShellScript = text;
  writeShellScriptBin = name: t: drv name { text = t; meta.mainProgram = name; };
  writeTextFile = { name, text, ... }: drv name { inherit text; };
  writeTextDir = path: t: drv (baseNameOf path) { text = t; };
  writeShellApplication = { name, text, ... }: drv name { inherit text; };
  runCommand = name: env: script: drv name (env // { text = script; });
  runCommandLocal = final.runCommand;
  runCommandNoCC = final.runCommand;
  symlinkJoin = { name, paths ? [ ], ... }: drv name { };
  buildEnv = { name, paths ? [ ], ... }: drv name { };
  linkFarm = name: entries: drv name { };
  copyPathToStore = path: drv (baseNameOf (toString path)) { };
  closureInfo = { rootPaths }: drv "closure-info" { };
  substituteAll = args: drv (args.name or "substituted") { };
  replaceVars = src: vars: drv (baseNameOf (toString src)) { };
  formats = {
    json = format builtins.toJSON;
    yaml = format builtins.toJSON;
    toml = format builtins.toJSON;
    ini = format lib.generators.toINI;
    keyValue = format lib.generators.toKeyValue;
  };
}
