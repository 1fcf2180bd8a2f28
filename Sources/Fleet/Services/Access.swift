import NixGen

/// SSH, for admins and deployment. Its port is in the registry like any other, and nixgen, not
/// openssh's own `openFirewall`, opens it: on the lan interfaces only.
let openssh = Service("openssh", summary: "OpenSSH server") {
    Port("ssh", 22, exposure: .lan)
    Enable("services.openssh")
    Setting("services.openssh.ports", [.port("ssh")])
    Setting("services.openssh.openFirewall", false)
    Setting("services.openssh.settings.PasswordAuthentication", false)
    Setting("services.openssh.settings.PermitRootLogin", "prohibit-password")
}

/// Tailscale on servers and Macs. Its WireGuard port is public (peers reach it directly); on NixOS
/// nixgen opens it, nix-darwin has no firewall to open.
let tailscale = Service("tailscale", summary: "Tailscale mesh VPN") {
    Supports(.nixos, .darwin)
    Port("wireguard", 41641, .udp, exposure: .public)
    Enable("services.tailscale")
}
