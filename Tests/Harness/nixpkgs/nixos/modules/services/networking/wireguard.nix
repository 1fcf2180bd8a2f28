# Stand-in for nixos/modules/services/networking/wireguard.nix (NixOS 26.05): interfaces and peers
# as the module types them, and its checks: exactly one of privateKey and privateKeyFile,
# generatePrivateKeyFile only with a key file, not both kinds of preshared key on one peer.
{ config, lib, ... }:
let
  inherit (lib) mkOption types;
  opt = type: default: mkOption { inherit type default; };
  peer = types.submodule {
    options = {
      publicKey = mkOption { type = types.singleLineStr; };
      allowedIPs = opt (types.listOf types.str) [ ];
      endpoint = opt (types.nullOr types.str) null;
      presharedKey = opt (types.nullOr types.str) null;
      presharedKeyFile = opt (types.nullOr types.str) null;
      persistentKeepalive = opt (types.nullOr types.int) null;
      name = opt types.str "";
    };
  };
  interface = types.submodule {
    options = {
      ips = opt (types.listOf types.str) [ ];
      privateKey = opt (types.nullOr types.str) null;
      privateKeyFile = opt (types.nullOr types.str) null;
      generatePrivateKeyFile = opt types.bool false;
      listenPort = opt (types.nullOr types.port) null;
      peers = opt (types.listOf peer) [ ];
      mtu = opt (types.nullOr types.int) null;
      allowedIPsAsRoutes = opt types.bool true;
    };
  };
  interfaces = config.networking.wireguard.interfaces;
  each = check: lib.concatLists (lib.mapAttrsToList check interfaces);
in
{
  options.networking.wireguard = {
    enable = opt types.bool (interfaces != { });
    interfaces = opt (types.attrsOf interface) { };
  };
  config.assertions = each (name: i: [
    {
      assertion = (i.privateKey != null) != (i.privateKeyFile != null);
      message = "networking.wireguard.interfaces.${name}: set exactly one of privateKey and privateKeyFile.";
    }
    {
      assertion = i.generatePrivateKeyFile -> i.privateKey == null;
      message = "networking.wireguard.interfaces.${name}.generatePrivateKeyFile needs privateKeyFile, not privateKey.";
    }
  ] ++ map (p: {
    assertion = p.presharedKey == null || p.presharedKeyFile == null;
    message = "networking.wireguard.interfaces.${name}: a peer sets both presharedKey and presharedKeyFile.";
  }) i.peers);
}
