# Stand-in for nixos/modules/services/networking/ssh/sshd.nix (NixOS 26.05): its options a fleet
# sets, and what the module does to the firewall: `openFirewall` defaults to true and opens every
# port in `ports` on every interface.
{ config, lib, ... }:
let
  inherit (lib) mkOption types mkIf;
  cfg = config.services.openssh;
  opt = type: default: mkOption { inherit type default; };
in
{
  options.services.openssh = {
    enable = opt types.bool false;
    ports = opt (types.listOf types.port) [ 22 ];
    openFirewall = opt types.bool true;
    listenAddresses = opt (types.listOf (types.submodule {
      options.addr = opt (types.nullOr types.str) null;
      options.port = opt (types.nullOr types.port) null;
    })) [ ];
    settings = mkOption {
      type = types.submodule {
        freeformType = types.attrsOf types.anything;
        options = {
          PasswordAuthentication = opt types.bool true;
          KbdInteractiveAuthentication = opt types.bool true;
          PermitRootLogin = opt (types.enum [ "yes" "without-password" "prohibit-password" "forced-commands-only" "no" ]) "prohibit-password";
        };
      };
      default = { };
    };
    extraConfig = opt types.lines "";
  };
  config = mkIf cfg.enable {
    networking.firewall.allowedTCPPorts = mkIf cfg.openFirewall cfg.ports;
  };
}
