# Stand-in for NixOS' core option declarations (nixos/modules/{misc,system,config,security}/…)
# (NixOS 26.05), which cannot be had offline, and the root of the stand-in module set
# (module-list.nix: one module per upstream service module a fleet here uses).
#
# NixOS' namespaces are freeform submodules, so what no stand-in declares stays definable and a
# misspelt top-level name fails as it would there. `networking` and `services` are plain option
# sets, as NixOS declares them (`options ? networking.firewall` holds; a service's `mkIf` may read
# another service's options): each service the repository names (`serviceNames`) is a freeform
# submodule unless a stand-in declares it. The stand-in modules are written as NixOS
# modules (`options.services.grafana = …`): each is imported with its declarations under a
# namespace turned into a submodule of their own, which the module system merges with this one.
# `portOptions`, the options a fleet binds registry ports to, are declared `types.port` as NixOS
# declares its port options, unless a stand-in covers them (`covered` in module-list.nix) and types
# them itself. `packageNames` are the `pkgs.<name>` a repository's Nix names: pkgs has each.
# `serviceNames` null is eval-config.nix's lenient first pass, which only reads the names of the
# services a host defines: every namespace freeform, no stand-in service module.
{ portOptions ? [ ], packageNames ? [ ], serviceNames ? [ ] }:
{ config, lib, ... }:
let
  inherit (lib) mkOption types mkDefault mkIf;
  list = import ./module-list.nix;
  freeform = types.attrsOf types.anything;
  opt = type: default: mkOption { inherit type default; };
  lenient = serviceNames == null;
  plain = lib.optionals (!lenient) [ "networking" "services" ];
  # Nested declarations: every level on the way to a declared option is a freeform submodule,
  # below the plain namespaces' first level.
  tree = plainLevel: decls: lib.mapAttrs (name: v:
    if lib.isOption v then v
    else if plainLevel && builtins.elem name plain then tree false v
    else mkOption { type = types.submodule { freeformType = freeform; options = tree false v; }; default = { }; }
  ) decls;
  # A stand-in module as written, its namespaces' declarations moved into submodules.
  standIn = file:
    let
      module = import file;
      reshape = m: m // lib.optionalAttrs (m ? options) {
        options = lib.mapAttrs (name: v: if builtins.elem name plain then v
          else mkOption { type = types.submodule { options = v; }; }) m.options;
      };
    in
    { _file = file; imports = [ (lib.setFunctionArgs (args: reshape (module args)) (lib.functionArgs module)) ]; };
  user = types.submodule ({ name, ... }: {
    freeformType = freeform;
    options = {
      name = opt types.str name;
      isNormalUser = opt types.bool false;
      isSystemUser = opt types.bool false;
      extraGroups = opt (types.listOf types.str) [ ];
      openssh.authorizedKeys.keys = opt (types.listOf types.singleLineStr) [ ];
      openssh.authorizedKeys.keyFiles = opt (types.listOf types.path) [ ];
    };
  });
  declared = lib.foldl' lib.recursiveUpdate { } ([
    {
      nixpkgs = {
        hostPlatform = mkOption { type = types.either types.str types.attrs; apply = lib.systems.elaborate; };
        overlays = opt (types.listOf types.unspecified) [ ];
        config = opt freeform { };
      };
      services = lib.genAttrs (lib.filter (name: !covered [ "services" name ]) (if lenient then [ ] else serviceNames)) (_: { });
      networking = lib.genAttrs [ "wg-quick" "interfaces" "nat" "networkmanager" "hosts" "extraHosts" ] (_: { }) // {
        useDHCP = opt types.bool true;
        domain = opt (types.nullOr types.str) null;
        nameservers = opt (types.listOf types.str) [ ];
        hostName = mkOption { type = types.strMatching "^$|^[[:alnum:]]([[:alnum:]_-]{0,61}[[:alnum:]])?$"; };
      };
      # NixOS defaults an unset stateVersion to its release and warns; unset reads null here.
      system.stateVersion = opt (types.nullOr types.str) null;
      system.build = opt (types.lazyAttrsOf types.raw) { };
      fileSystems = opt (types.attrsOf (types.submodule { freeformType = freeform; })) { };
      boot = {
        isContainer = opt types.bool false;
        loader.grub = {
          enable = opt types.bool true;
          device = opt types.str "";
          devices = opt (types.listOf types.str) [ ];
          mirroredBoots = opt (types.listOf freeform) [ ];
        };
        loader.systemd-boot.enable = opt types.bool false;
      };
      users.users = opt (types.attrsOf user) { };
      nix.settings.trusted-users = opt (types.listOf types.str) [ "root" ];
      nix.settings.allowed-users = opt (types.listOf types.str) [ "*" ];
      security.sudo = {
        wheelNeedsPassword = opt types.bool true;
        extraRules = opt (types.listOf (types.submodule { freeformType = freeform; })) [ ];
      };
      virtualisation.docker.enable = opt types.bool false;
      virtualisation.podman.enable = opt types.bool false;
    }
  ] ++ map (path: lib.setAttrByPath path (opt (types.nullOr types.port) null))
    (lib.filter (path: !lenient && !covered path) portOptions));
  covered = path: lib.any (prefix: lib.take (builtins.length prefix) path == prefix) list.covered;
  # NixOS' top-level namespaces.
  namespaces = [
    "appstream" "console" "containers" "documentation" "environment" "fonts" "gtk" "hardware" "i18n" "krb5"
    "location" "meta" "powerManagement" "programs" "qt" "services" "sound" "specialisation"
    "systemd" "time" "virtualisation" "xdg" "zramSwap" "nix" "security" "users" "networking" "system" "boot"
  ];
  failed = map (a: a.message) (lib.filter (a: !a.assertion) config.assertions);
in
{
  imports = lib.optionals (!lenient) (map standIn list.modules);

  options = tree true (lib.genAttrs namespaces (_: { }) // declared) // {
    assertions = opt (types.listOf types.unspecified) [ ];
    warnings = opt (types.listOf types.str) [ ];
  };
  config = {
    _module.args.pkgs = import ../../. {
      system = config.nixpkgs.hostPlatform.system;
      inherit (config.nixpkgs) overlays config;
      inherit packageNames;
    };
    boot.loader.grub.enable = mkIf config.boot.loader.systemd-boot.enable (mkDefault false);
    assertions = [
      {
        assertion = config.boot.isContainer || config.fileSystems ? "/";
        message = "The ‘fileSystems’ option does not specify your root file system.";
      }
      {
        assertion = config.boot.isContainer || !config.boot.loader.grub.enable
          || config.boot.loader.grub.devices != [ ] || config.boot.loader.grub.device != ""
          || config.boot.loader.grub.mirroredBoots != [ ];
        message = "You must set the option ‘boot.loader.grub.devices’ or 'boot.loader.grub.mirroredBoots' to make the system bootable.";
      }
    ];
    warnings = lib.optional (config.system.stateVersion == null)
      "system.stateVersion is not set, defaulting to ${lib.trivial.release}.";
    system.build.toplevel =
      if failed != [ ] then throw "Failed assertions:\n${lib.concatMapStrings (m: "- ${m}\n") failed}"
      else config._module.args.pkgs.runCommand "nixos-system-${config.networking.hostName}" { } "";
  };
}
