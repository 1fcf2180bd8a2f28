# A hand-grown fleet, written for the tests of `nixgen import`: hosts sharing modules, ports opened
# in a host file, by a service's own openFirewall and under lib.mkForce, and a Mac.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-26.05";
    nix-darwin.url = "github:nix-darwin/nix-darwin/nix-darwin-26.05";
    nix-darwin.inputs.nixpkgs.follows = "nixpkgs";
  };

  outputs = { self, nixpkgs, nix-darwin, ... }: {
    nixosConfigurations = {
      web = nixpkgs.lib.nixosSystem {
        system = "x86_64-linux";
        modules = [ ./hosts/web.nix ./modules/common.nix ];
      };
      monitor = nixpkgs.lib.nixosSystem {
        system = "x86_64-linux";
        modules = [ ./hosts/monitor.nix ./modules/common.nix ./modules/monitoring.nix ];
      };
    };
    darwinConfigurations.studio = nix-darwin.lib.darwinSystem {
      modules = [ ./hosts/studio.nix ];
    };
    # monitor is also deployed with colmena: its target comes from here.
    colmena = {
      meta.nixpkgs = import nixpkgs { system = "x86_64-linux"; };
      monitor = {
        deployment.targetHost = "10.1.0.11";
        imports = [ ./hosts/monitor.nix ./modules/common.nix ./modules/monitoring.nix ];
      };
    };
  };
}
