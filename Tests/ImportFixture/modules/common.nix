# Every server: SSH (its own openFirewall opens 22 everywhere), the node exporter on the lan, admins.
{ ... }:
{
  services.openssh.enable = true;
  services.prometheus.exporters.node.enable = true;
  networking.firewall.interfaces.eth0.allowedTCPPorts = [ 9100 ];
  users.users.ops = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
    openssh.authorizedKeys.keys = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9wc2tleWZvcmltcG9ydHRlc3Rzb25seTEyMzQ1Njc4 ops@example.org" ];
  };
}
