/// A machine of the fleet.
///
/// A value like any other, its fields in a copy-on-write box as `Service`'s are: every pass over
/// a large fleet (building it, planning, validating) moves or copies hosts, and a copy of every
/// field counted a reference to each.
public struct Host: Sendable, Hashable, Codable {
    public var name: String { _read { yield box.fields.name } _modify { yield &box.fields.name } }
    /// nixos or darwin, from the system.
    public var platform: Platform { _read { yield box.fields.platform } _modify { yield &box.fields.platform } }
    public var system: System { _read { yield box.fields.system } _modify { yield &box.fields.system } }
    /// Address nixinate and colmena deploy to (IP or DNS name).
    public var address: String? { _read { yield box.fields.address } _modify { yield &box.fields.address } }
    /// The host's SSH public key (`ssh-ed25519 ...`): secrix encrypts the host's secrets to it.
    public var hostKey: String? { _read { yield box.fields.hostKey } _modify { yield &box.fields.hostKey } }
    public var deployment: Deployment? { _read { yield box.fields.deployment } _modify { yield &box.fields.deployment } }
    /// The release whose stateful defaults the host keeps; nil takes the fleet's.
    public var stateVersion: StateVersion? { _read { yield box.fields.stateVersion } _modify { yield &box.fields.stateVersion } }
    /// Interfaces on the local network: `.lan` ports open on these only.
    public var lanInterfaces: [String] { _read { yield box.fields.lanInterfaces } _modify { yield &box.fields.lanInterfaces } }
    /// The WireGuard meshes the host is a member of.
    public var mesh: [Mesh] { _read { yield box.fields.mesh } _modify { yield &box.fields.mesh } }
    public var roles: [Assignment] { _read { yield box.fields.roles } _modify { yield &box.fields.roles } }
    public var services: [Assignment] { _read { yield box.fields.services } _modify { yield &box.fields.services } }
    public var imports: [Import] { _read { yield box.fields.imports } _modify { yield &box.fields.imports } }
    public var settings: [Setting] { _read { yield box.fields.settings } _modify { yield &box.fields.settings } }
    public var location: SourceLocation { _read { yield box.fields.location } _modify { yield &box.fields.location } }
    /// Definitions referenced by value in the DSL (staging, invisible outside it); empty in a built `Fleet`.
    package var definitions: Definitions { _read { yield box.fields.definitions } _modify { yield &box.fields.definitions } }

    package init(
        name: String, system: System, address: String? = nil,
        hostKey: String? = nil, deployment: Deployment? = nil, roles: [Assignment] = [], services: [Assignment] = [],
        imports: [Import] = [], settings: [Setting] = [], location: SourceLocation = .unknown
    ) {
        box = CopyOnWrite(Fields(name: name, platform: system.platform ?? .nixos, system: system, address: address, hostKey: hostKey,
                         deployment: deployment, roles: roles, services: services, imports: imports, settings: settings,
                         location: location))
    }

    /// The stored fields; encoded and compared as `Host` always was.
    private struct Fields: Sendable, Hashable, Codable {
        var name: String
        var platform: Platform
        var system: System
        var address: String?
        var hostKey: String?
        var deployment: Deployment?
        var stateVersion: StateVersion?
        var lanInterfaces: [String] = []
        var mesh: [Mesh] = []
        var roles: [Assignment]
        var services: [Assignment]
        var imports: [Import]
        var settings: [Setting]
        var location: SourceLocation
        var definitions = Definitions()
    }

    private var box: CopyOnWrite<Fields>

    public init(from decoder: any Decoder) throws { box = try CopyOnWrite(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try box.encode(to: encoder) }
}

extension Host: CustomReflectable {
    /// The fields, not the box: printed, dumped and listed (`StableDigestTests`) as `Host` always was.
    public var customMirror: Mirror { box.mirror(of: self) }
}
