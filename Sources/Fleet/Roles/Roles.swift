import NixGen

/// Every machine: SSH for deployment, UTC, garbage collection.
let server = Role("server") {
    Enable("services.openssh")
    Setting("services.openssh.settings.PasswordAuthentication", false)
    Setting("services.openssh.settings.PermitRootLogin", "prohibit-password")
    Setting("nix.settings.trusted-users", ["root", "deploy"])
    Setting("nix.gc.automatic", true)
    Setting("time.timeZone", "UTC")
}

/// Scraped by Prometheus.
let monitored = Role("monitored") {
    nodeExporter
}

/// Backed up nightly with restic.
let backedUp = Role("backed-up") {
    restic
}

/// Runs CI jobs for the forge.
let ciRunner = Role("ci-runner") {
    forgejoRunner
    Setting("virtualisation.podman.enable", true)
}
