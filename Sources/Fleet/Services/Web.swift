import NixGen

let nginx = Service("nginx", summary: "nginx reverse proxy") {
    Port("http", 80, exposure: .public, boundTo: "services.nginx.defaultHTTPListenPort", privileged: true)
    Port("https", 443, exposure: .public, boundTo: "services.nginx.defaultSSLListenPort", privileged: true)
    Enable("services.nginx")
    // A virtual host for every Domain the fleet declares, upstream read from the fleet.
    Setting("services.nginx.virtualHosts", .virtualHosts)
    Setting("services.nginx.recommendedProxySettings", true)
    Setting("services.nginx.recommendedTlsSettings", true)
    Setting("security.acme.acceptTerms", true)
    Setting("security.acme.defaults.email", "ops@example.org")
}

let vaultwarden = Service("vaultwarden", summary: "Vaultwarden password manager") {
    Port("http", 8222, exposure: .lan, boundTo: "services.vaultwarden.config.ROCKET_PORT")
    Requires(nginx, on: .fleet)
    Domain("vault.example.org", port: "http")
    Secret("environment", file: "secrets/vaultwarden/environment.age", boundTo: "services.vaultwarden.environmentFile")
    Enable("services.vaultwarden")
    Setting("services.vaultwarden.config.ROCKET_ADDRESS", "0.0.0.0")
    Setting("services.vaultwarden.config.DOMAIN", "https://vault.example.org")
    Setting("services.vaultwarden.config.SIGNUPS_ALLOWED", false)
}
