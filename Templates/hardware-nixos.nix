# The hardware of {{name}}. Yours: nixgen scaffolds this file once and never rewrites it.
# Replace this whole file with the output of `nixos-generate-config --show-hardware-config` run on
# {{name}}. Until then the host refuses to build, rather than boot from a guessed disk layout.
{ ... }:
{
  assertions = [
    {
      assertion = false;
      message = "nix/hardware/{{name}}.nix is a placeholder: replace it with the output of `nixos-generate-config --show-hardware-config` on {{name}}";
    }
  ];
}
