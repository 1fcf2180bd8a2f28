# Stand-in for NixOS' own option declarations, which cannot be had offline. It declares, with the
# types nixpkgs gives them, the options nixgen's output sets and the tests read, reproduces the
# NixOS behaviour the tests depend on (the firewall openssh, tailscale, jellyfin and the node
# exporter open by themselves, the
# root file system, boot loader and stateVersion checks, `system.build.toplevel` refusing failed
# assertions), and is freeform everywhere else. `portOptions`, the options a fleet binds registry
# ports to, are declared `types.port`, as NixOS declares its port options; where NixOS has a
# service-specific default, they read null until set.
{ portOptions ? [ ] }:
{ config, lib, ... }:
let
  inherit (lib) mkOption types mkDefault mkIf;
  freeform = types.attrsOf types.anything;
  # Nested option declarations: every level on the way to a declared option is a freeform
  # submodule, so undeclared siblings (`services.grafana.enable`) stay definable; levels marked
  # `_plain` are plain option sets, as NixOS declares them (`options ? networking.firewall` holds).
  tree = decls: lib.mapAttrs (_: v:
    if lib.isOption v then v
    else if v._plain or false then tree (removeAttrs v [ "_plain" ])
    else mkOption { type = types.submodule { freeformType = freeform; options = tree v; }; default = { }; }
  ) decls;
  opt = type: default: mkOption { inherit type default; };
  firewallPorts = {
    allowedTCPPorts = opt (types.listOf types.port) [ ];
    allowedUDPPorts = opt (types.listOf types.port) [ ];
    allowedTCPPortRanges = opt (types.listOf (types.attrsOf types.port)) [ ];
    allowedUDPPortRanges = opt (types.listOf (types.attrsOf types.port)) [ ];
  };
  user = types.submodule ({ name, ... }: {
    freeformType = freeform;
    options = {
      name = opt types.str name;
      isNormalUser = opt types.bool false;
      isSystemUser = opt types.bool false;
      extraGroups = opt (types.listOf types.str) [ ];
      openssh.authorizedKeys.keys = opt (types.listOf types.singleLineStr) [ ];
    };
  });
  declared = lib.foldl' lib.recursiveUpdate { } ([
    {
      nixpkgs = {
        hostPlatform = mkOption { type = types.either types.str types.attrs; apply = lib.systems.elaborate; };
        overlays = opt (types.listOf types.unspecified) [ ];
        config = opt freeform { };
      };
      networking = lib.genAttrs [ "wg-quick" "interfaces" "nat" "networkmanager" "hosts" ] (_: { }) // {
        _plain = true;
        wireguard.interfaces = opt (types.attrsOf (types.submodule {
          freeformType = freeform;
          options.ips = opt (types.listOf types.str) [ ];
          options.peers = opt (types.listOf (types.submodule {
            freeformType = freeform;
            options.publicKey = mkOption { type = types.singleLineStr; };
            options.allowedIPs = opt (types.listOf types.str) [ ];
            options.endpoint = opt (types.nullOr types.str) null;
          })) [ ];
        })) { };
        useDHCP = opt types.bool true;
        domain = opt (types.nullOr types.str) null;
        nameservers = opt (types.listOf types.str) [ ];
        hostName = mkOption { type = types.strMatching "^$|^[[:alnum:]]([[:alnum:]_-]{0,61}[[:alnum:]])?$"; };
        firewall = firewallPorts // {
          _plain = true;
          enable = opt types.bool true;
          interfaces = opt (types.attrsOf (types.submodule { options = firewallPorts; })) { };
          trustedInterfaces = opt (types.listOf types.str) [ ];
          allowPing = opt types.bool true;
          logRefusedConnections = opt types.bool true;
          rejectPackets = opt types.bool false;
          checkReversePath = opt (types.either types.bool (types.enum [ "strict" "loose" ])) true;
          extraCommands = opt types.lines "";
        };
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
      security.sudo = {
        wheelNeedsPassword = opt types.bool true;
        extraRules = opt (types.listOf (types.submodule { freeformType = freeform; })) [ ];
      };
      services.openssh = {
        enable = opt types.bool false;
        ports = opt (types.listOf types.port) [ 22 ];
        openFirewall = opt types.bool true;
      };
      # The services whose own `openFirewall` the policies must see.
      services.jellyfin.openFirewall = opt types.bool false;
      services.prometheus.exporters.node = {
        openFirewall = opt types.bool false;
        port = opt types.port 9100;
      };
      services.tailscale = {
        enable = opt types.bool false;
        port = opt types.port 41641;
        openFirewall = opt types.bool false;
      };
      # The options nixgen's derived wiring sets, typed as NixOS declares them, so definitions
      # from several modules merge as they do there: lists concatenate, virtual hosts, locations
      # and interfaces merge by name.
      services.nginx.virtualHosts = opt (types.attrsOf (types.submodule {
        freeformType = freeform;
        options.locations = opt (types.attrsOf (types.submodule {
          freeformType = freeform;
          options.proxyPass = opt (types.nullOr types.str) null;
        })) { };
      })) { };
      services.prometheus.scrapeConfigs = opt (types.listOf (types.submodule {
        freeformType = freeform;
        options.job_name = mkOption { type = types.str; };
        options.static_configs = opt (types.listOf (types.submodule {
          freeformType = freeform;
          options.targets = opt (types.listOf types.str) [ ];
        })) [ ];
      })) [ ];
      services.unbound.settings.server.local-data = opt (types.listOf types.str) [ ];
      services.grafana.provision.datasources.settings.datasources = opt (types.listOf (types.submodule { freeformType = freeform; })) [ ];
    }
  ] ++ map (path: lib.setAttrByPath path (opt (types.nullOr types.port) null)) portOptions);
  # NixOS' other top-level namespaces, freeform: declared by name, as NixOS declares them, so a
  # misspelt top-level name fails as it would there.
  namespaces = [
    "appstream" "console" "containers" "documentation" "environment" "fonts" "gtk" "hardware" "i18n" "krb5"
    "location" "meta" "powerManagement" "programs" "qt" "services" "sound" "specialisation"
    "systemd" "time" "virtualisation" "xdg" "zramSwap" "nix" "security" "users" "networking" "system" "boot"
  ];
  failed = map (a: a.message) (lib.filter (a: !a.assertion) config.assertions);
in
{
  options = tree (lib.genAttrs namespaces (_: { }) // declared) // {
    assertions = opt (types.listOf types.unspecified) [ ];
    warnings = opt (types.listOf types.str) [ ];
  };
  config = {
    _module.args.pkgs = import ../../. {
      system = config.nixpkgs.hostPlatform.system;
      inherit (config.nixpkgs) overlays config;
    };
    # What NixOS' openssh and tailscale modules do with the firewall.
    networking.firewall.allowedTCPPorts = lib.mkMerge [
      (mkIf (config.services.openssh.enable && config.services.openssh.openFirewall) config.services.openssh.ports)
      (mkIf ((config.services.jellyfin.enable or false) && config.services.jellyfin.openFirewall) [ 8096 8920 ])
      (mkIf ((config.services.prometheus.exporters.node.enable or false) && config.services.prometheus.exporters.node.openFirewall)
        [ config.services.prometheus.exporters.node.port ])
    ];
    networking.firewall.allowedUDPPorts = lib.mkMerge [
      (mkIf (config.services.tailscale.enable && config.services.tailscale.openFirewall) [ config.services.tailscale.port ])
      (mkIf ((config.services.jellyfin.enable or false) && config.services.jellyfin.openFirewall) [ 1900 7359 ])
    ];
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
