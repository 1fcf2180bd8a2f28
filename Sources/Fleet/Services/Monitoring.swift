import NixGen

let prometheus = Service("prometheus", summary: "Prometheus metrics server") {
    Port("http", 9090, exposure: .lan, boundTo: "services.prometheus.port", metrics: true)
    Enable("services.prometheus")
    // Every host running a service with a metrics port, read from the fleet: nothing to keep in step.
    Setting("services.prometheus.scrapeConfigs", .scrapeConfigs)
    Setting("services.prometheus.retentionTime", "30d")
}

let nodeExporter = Service("node-exporter", summary: "Prometheus node exporter") {
    Port("metrics", 9100, exposure: .lan, boundTo: "services.prometheus.exporters.node.port", metrics: true)
    Requires(prometheus, on: .fleet)
    Enable("services.prometheus.exporters.node")
    Setting("services.prometheus.exporters.node.enabledCollectors", ["systemd"])
}

let loki = Service("loki", summary: "Grafana Loki log store") {
    Port("http", 3100, exposure: .lan, boundTo: "services.loki.configuration.server.http_listen_port")
    Enable("services.loki")
    Setting("services.loki.configuration.auth_enabled", false)
}

let grafana = Service("grafana", summary: "Grafana dashboards") {
    Port("http", 3000, exposure: .lan, boundTo: "services.grafana.settings.server.http_port")
    Requires(prometheus, on: .fleet)
    Requires(loki, on: .fleet)
    Domain("grafana.example.org", port: "http")
    Secret("admin-password", file: "secrets/grafana/admin-password.age", owner: "grafana")
    Enable("services.grafana")
    Setting("services.grafana.settings.server.http_addr", "0.0.0.0")
    Setting("services.grafana.settings.server.domain", "grafana.example.org")
    // Grafana reads the file itself: the secret's decrypted path inside grafana's own syntax.
    Setting("services.grafana.settings.security.admin_password", "$__file{\(.secret("admin-password"))}")
    Setting("services.grafana.provision.enable", true)
    Setting("services.grafana.provision.datasources.settings.datasources", [
        ["name": "Prometheus", "type": "prometheus", "url": .url(of: prometheus, "http")],
        ["name": "Loki", "type": "loki", "url": .url(of: loki, "http")],
    ])
}
