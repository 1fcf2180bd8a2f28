# Stand-in for nixos/modules/installer/scan/not-detected.nix (NixOS 26.05), which
# `nixos-generate-config` imports through `modulesPath` into every hardware file it writes: it
# allows firmware whose licence nixpkgs cannot check.
{ lib, ... }:
{
  hardware.enableRedistributableFirmware = lib.mkDefault true;
}
