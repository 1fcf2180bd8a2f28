{ ... }:
{
  networking.hostName = "web";
  _module.args.nixinate = {
    host = "10.1.0.10";
    sshUser = "ops";
    buildOn = "remote";
  };
  services.nginx.enable = true;
  # nginx on 80 and 443, and an app of our own on 8080, opened right here.
  networking.firewall.allowedTCPPorts = [ 80 443 8080 ];
  fileSystems."/" = { device = "/dev/sda1"; fsType = "ext4"; };
  boot.loader.grub.device = "/dev/sda";
  system.stateVersion = "24.05";
}
