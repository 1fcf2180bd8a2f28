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

let wireguard = Service("wireguard", summary: "WireGuard VPN gateway", unit: "wireguard-wg0") {
    Port("wg0", 51820, .udp, exposure: .public, boundTo: "networking.wireguard.interfaces.wg0.listenPort")
    Secret("private-key", file: "secrets/wireguard/private-key.age",
           boundTo: "networking.wireguard.interfaces.wg0.privateKeyFile")
    Setting("networking.wireguard.interfaces.wg0.ips", ["10.100.0.1/24"])
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
