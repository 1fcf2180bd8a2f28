/// A named bundle of settings, services and imports that hosts compose (`server`, `monitored`).
public struct Role: Sendable, Hashable, Codable {
    public var name: String
    public var services: [Assignment]
    public var imports: [Import]
    public var settings: [Setting]
    public var location: SourceLocation
    /// Definitions referenced by value in the DSL (staging, invisible outside it); empty in a built `Fleet`.
    package var definitions = Definitions()

    package init(
        name: String, services: [Assignment] = [], imports: [Import] = [], settings: [Setting] = [],
        location: SourceLocation = .unknown
    ) {
        self.name = name
        self.services = services
        self.imports = imports
        self.settings = settings
        self.location = location
    }
}

/// The whole declared fleet: the single source of truth every rendered file comes from.
public struct Fleet: Sendable, Hashable, Codable {
    public var hosts: [Host]
    public var services: [Service]
    public var roles: [Role]
    /// Deployment settings for hosts that declare none of their own.
    public var deployment: Deployment
    /// The nixpkgs flake reference every host is built from.
    public var nixpkgs: String
    /// Deployment tools the flake is wired for.
    public var deployers: [Deployer]
    /// People who can decrypt every secret (secrix's `defaultEncryptKeys`): name → SSH public keys.
    public var recipients: [String: [String]]
    /// People who deploy: name → SSH public keys, authorized for every NixOS host's deploy user.
    public var admins: [String: [String]] = [:]
    /// `system.stateVersion` of NixOS hosts that declare none (`"26.05"`).
    public var stateVersion: String?
    /// `system.stateVersion` of nix-darwin hosts that declare none (`6`).
    public var darwinStateVersion: Int?
    /// Where the fleet was declared, for diagnostics about fleet-wide settings.
    public var location: SourceLocation = .unknown

    /// The default nixpkgs: a stable release branch, never unstable.
    public static let defaultNixpkgs = "github:NixOS/nixpkgs/nixos-26.05"

    package init(hosts: [Host], services: [Service] = [], roles: [Role] = [], deployment: Deployment = Deployment(),
                nixpkgs: String = Fleet.defaultNixpkgs, deployers: [Deployer] = [.nixinate],
                recipients: [String: [String]] = [:]) {
        self.hosts = hosts
        self.services = services
        self.roles = roles
        self.deployment = deployment
        self.nixpkgs = nixpkgs
        self.deployers = deployers
        self.recipients = recipients
    }
}
