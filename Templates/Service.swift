import NixGen

/// {{name}}: its ports, dependencies, secrets and settings.
let {{identifier}} = Service("{{name}}") {
    // Port("http", 8080, exposure: .lan, boundTo: "services.{{name}}.port")
    // Requires(postgresql, on: .sameHost)
    // Secret("password", file: "secrets/{{name}}/password.age", boundTo: "services.{{name}}.passwordFile")
    Enable("services.{{name}}")
}
