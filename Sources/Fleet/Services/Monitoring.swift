import NixGen

let prometheus = Service("prometheus", summary: "Prometheus metrics server") {
    Port("http", 9090, exposure: .lan, boundTo: "services.prometheus.port")
    Enable("services.prometheus")
    Setting("services.prometheus.retentionTime", "30d")
}

let nodeExporter = Service("node-exporter", summary: "Prometheus node exporter") {
    Port("metrics", 9100, exposure: .lan, boundTo: "services.prometheus.exporters.node.port")
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
    Enable("services.grafana")
    Setting("services.grafana.settings.server.http_addr", "0.0.0.0")
    Setting("services.grafana.settings.server.domain", "grafana.example.org")
}
