# Stand-in for a host's hardware module (in a real repository the user's own
# `nixos-generate-config --show-hardware-config` output): the tests place it at
# nix/hardware/<host>.nix for every host that imports one.
{
  fileSystems."/" = {
    device = "/dev/disk/by-label/nixos";
    fsType = "ext4";
  };
  boot.loader.grub.devices = [ "/dev/vda" ];
}
