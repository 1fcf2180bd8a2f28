import NixGen

let postgresql = Service("postgresql", summary: "PostgreSQL database server") {
    Port("db", 5432, exposure: .local, boundTo: "services.postgresql.settings.port")
    Enable("services.postgresql")
}

let forgejo = Service("forgejo", summary: "Forgejo git forge") {
    Port("http", 3000, exposure: .lan, boundTo: "services.forgejo.settings.server.HTTP_PORT")
    Port("ssh", 2222, exposure: .lan, boundTo: "services.forgejo.settings.server.SSH_PORT")
    Requires(postgresql, on: .sameHost)
    Domain("git.example.org", port: "http")
    Secret("db-password", file: "secrets/forgejo/db-password.age", boundTo: "services.forgejo.database.passwordFile",
           owner: "forgejo")
    Enable("services.forgejo")
    Setting("services.forgejo.database.type", "postgres")
    Setting("services.forgejo.database.createDatabase", true)
    Setting("services.forgejo.settings.server.DOMAIN", "git.example.org")
    Setting("services.forgejo.settings.server.ROOT_URL", "https://git.example.org/")
    Setting("services.forgejo.settings.server.START_SSH_SERVER", true)
}

let forgejoRunner = Service("forgejo-runner", summary: "Forgejo Actions runner",
                            unit: "gitea-runner-default") {
    Requires(forgejo, on: .fleet)
    // systemd reads the token file (an EnvironmentFile) as root before it starts the runner under
    // a DynamicUser, which has no name to own the file: root owns it.
    Secret("token", file: "secrets/forgejo-runner/token.age",
           boundTo: "services.gitea-actions-runner.instances.default.tokenFile", owner: "root")
    Enable("services.gitea-actions-runner.instances.default")
    // The module's default is Gitea's runner; a Forgejo server wants Forgejo's.
    Setting("services.gitea-actions-runner.package", .package("forgejo-runner"))
    Setting("services.gitea-actions-runner.instances.default", [
        "name": "default",
        "url": .url(of: forgejo, "http"),
        "labels": ["native:host"],
    ])
}
