import NixGen

/// Every server: SSH for admins and deployment, tailscale, UTC, garbage collection.
let server = Role("server") {
    openssh
    tailscale
    Setting("nix.gc.automatic", true)
    // A default: a host that lives elsewhere sets its own without a conflict.
    Setting("time.timeZone", .mkDefault("UTC"))
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

/// The Macs: tailscale, and Nix kept tidy.
let workstation = Role("workstation") {
    tailscale
    Setting("nix.gc.automatic", true)
}
