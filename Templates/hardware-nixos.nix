# The hardware of {{name}}. Yours: nixgen scaffolds this file once and never rewrites it.
# Replace it with the output of `nixos-generate-config --show-hardware-config` on the machine.
{ ... }:
{
  boot.loader.grub.device = "nodev";
  fileSystems."/" = {
    device = "/dev/disk/by-label/nixos";
    fsType = "ext4";
  };
}
