import NixGen

let unbound = Service("unbound", summary: "Unbound resolver") {
    Port("dns", 53, .udp, exposure: .lan, boundTo: "services.unbound.settings.server.port")
    Port("dns-tcp", 53, .tcp, exposure: .lan)
    Enable("services.unbound")
    Setting("services.unbound.settings.server.interface", ["0.0.0.0"])
    Setting("services.unbound.settings.server.access-control", ["10.0.0.0/8 allow", "127.0.0.0/8 allow"])
    // `<host>.lan` for every host, and every Domain at its proxy: derived, never typed twice.
    Setting("services.unbound.settings.server.local-data", .dnsRecords(zone: "lan"))
}

let wireguard = Service("wireguard", summary: "WireGuard mesh") {
    Port("wg0", 51820, .udp, exposure: .public, boundTo: "networking.wireguard.interfaces.wg0.listenPort")
    // Each host makes its own key on first boot and never shares it; its public key goes into the
    // host's Mesh declaration, and every other member gets the host as a peer.
    Setting("networking.wireguard.interfaces.wg0.generatePrivateKeyFile", true)
    Setting("networking.wireguard.interfaces.wg0.privateKeyFile", "/var/lib/wireguard/wg0.key")
    Setting("networking.wireguard.interfaces.wg0.ips", .meshAddress("wg0"))
    Setting("networking.wireguard.interfaces.wg0.peers", .meshPeers("wg0"))
}

let restic = Service("restic", summary: "Nightly restic backups", unit: "restic-backups-nightly") {
    Secret("password", file: "secrets/restic/password.age", boundTo: "services.restic.backups.nightly.passwordFile")
    Setting("services.restic.backups.nightly", [
        "repository": "sftp:backup@backup.example.org:/srv/restic",
        "paths": ["/var/lib"],
        "initialize": true,
        "timerConfig": ["OnCalendar": "daily", "Persistent": true],
    ])
}
