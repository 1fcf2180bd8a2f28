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

/// A single-binary Loki 3: one process holds every component, its ring in memory, chunks and the
/// TSDB index on the local disk. Loki refuses to start without the schema, storage and ring.
let loki = Service("loki", summary: "Grafana Loki log store") {
    Port("http", 3100, exposure: .lan, boundTo: "services.loki.configuration.server.http_listen_port")
    // The gRPC port the components talk over, inside the one process: loopback only.
    Port("grpc", 9095, exposure: .local, boundTo: "services.loki.configuration.server.grpc_listen_port")
    Enable("services.loki")
    Setting("services.loki.configuration.auth_enabled", false)
    Setting("services.loki.configuration.server.grpc_listen_address", "127.0.0.1")
    Setting("services.loki.configuration.common", [
        "path_prefix": "/var/lib/loki",
        "replication_factor": 1,
        "ring": ["instance_addr": "127.0.0.1", "kvstore": ["store": "inmemory"]],
        "storage": ["filesystem": ["chunks_directory": "/var/lib/loki/chunks", "rules_directory": "/var/lib/loki/rules"]],
    ])
    Setting("services.loki.configuration.schema_config.configs", [
        ["from": "2024-01-01", "store": "tsdb", "object_store": "filesystem", "schema": "v13",
         "index": ["prefix": "index_", "period": "24h"]],
    ])
}

private let grafanaDomain = "grafana.example.org"

let grafana = Service("grafana", summary: "Grafana dashboards") {
    Port("http", 3000, exposure: .lan, boundTo: "services.grafana.settings.server.http_port")
    Requires(prometheus, on: .fleet)
    Requires(loki, on: .fleet)
    Domain(grafanaDomain, port: "http")
    Secret("admin-password", file: "secrets/grafana/admin-password.age", owner: "grafana")
    // Signs cookies and encrypts datasource secrets; NixOS 26.05 gives it no default.
    Secret("secret-key", file: "secrets/grafana/secret-key.age", owner: "grafana")
    Enable("services.grafana")
    Setting("services.grafana.settings.server.http_addr", "0.0.0.0")
    Setting("services.grafana.settings.server.domain", grafanaDomain)
    // Served by nginx over https at its Domain: links and redirects say so.
    Setting("services.grafana.settings.server.root_url", "https://\(grafanaDomain)/")
    // Grafana reads the files itself: each secret's decrypted path inside grafana's own syntax.
    Setting("services.grafana.settings.security.admin_password", "$__file{\(.secret("admin-password"))}")
    Setting("services.grafana.settings.security.secret_key", "$__file{\(.secret("secret-key"))}")
    Setting("services.grafana.provision.enable", true)
    Setting("services.grafana.provision.datasources.settings.datasources", [
        ["name": "Prometheus", "type": "prometheus", "url": .url(of: prometheus, "http")],
        ["name": "Loki", "type": "loki", "url": .url(of: loki, "http")],
    ])
}
