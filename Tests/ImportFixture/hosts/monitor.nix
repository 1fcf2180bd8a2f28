{ lib, ... }:
{
  networking.hostName = "monitor";
  # Grafana and Prometheus on the lan only; forced, so no other module adds to it.
  networking.firewall.interfaces.eth0.allowedTCPPorts = lib.mkForce [ 3000 9090 9100 ];
  fileSystems."/" = { device = "/dev/vda1"; fsType = "ext4"; };
  boot.loader.grub.device = "/dev/vda";
  system.stateVersion = "24.11";
}
