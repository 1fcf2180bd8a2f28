/// Something a host runs, with everything it requires: ports, dependencies, secrets, settings.
///
/// A value like any other. Its fields live in one box shared by copies until a copy is changed
/// (as an `Array` keeps its elements): a catalogue service is referenced by thousands of hosts,
/// and each reference copied every field, counting a reference to each, then compared them all.
public struct Service: Sendable, Hashable, Codable {
    public var name: String { _read { yield box.fields.name } _modify { yield &box.fields.name } }
    public var summary: String? { _read { yield box.fields.summary } _modify { yield &box.fields.summary } }
    public var ports: [Port] { _read { yield box.fields.ports } _modify { yield &box.fields.ports } }
    public var dependencies: [Dependency] { _read { yield box.fields.dependencies } _modify { yield &box.fields.dependencies } }
    public var secrets: [Secret] { _read { yield box.fields.secrets } _modify { yield &box.fields.secrets } }
    public var settings: [Setting] { _read { yield box.fields.settings } _modify { yield &box.fields.settings } }
    /// Names under which a reverse proxy serves the service.
    public var domains: [Domain] { _read { yield box.fields.domains } _modify { yield &box.fields.domains } }
    /// Platforms the service can run on; most services are systemd units, so NixOS only.
    public var platforms: [Platform] { _read { yield box.fields.platforms } _modify { yield &box.fields.platforms } }
    /// The systemd unit its secrets are bound to, when it is not named like the service
    /// (`wireguard-wg0` for `wireguard`).
    public var systemdUnit: String? { _read { yield box.fields.systemdUnit } _modify { yield &box.fields.systemdUnit } }
    public var location: SourceLocation { _read { yield box.fields.location } _modify { yield &box.fields.location } }
    /// Definitions referenced by value in the DSL (staging, invisible outside it); empty in a built `Fleet`.
    package var definitions: Definitions { _read { yield box.fields.definitions } _modify { yield &box.fields.definitions } }

    package init(
        name: String, summary: String? = nil, ports: [Port] = [], dependencies: [Dependency] = [],
        secrets: [Secret] = [], settings: [Setting] = [], platforms: [Platform] = [.nixos],
        systemdUnit: String? = nil, location: SourceLocation = .unknown
    ) {
        box = CopyOnWrite(Fields(name: name, summary: summary, ports: ports, dependencies: dependencies, secrets: secrets,
                         settings: settings, platforms: platforms, systemdUnit: systemdUnit, location: location))
    }

    /// The stored fields; encoded and compared as `Service` always was.
    private struct Fields: Sendable, Hashable, Codable {
        var name: String
        var summary: String?
        var ports: [Port]
        var dependencies: [Dependency]
        var secrets: [Secret]
        var settings: [Setting]
        var domains: [Domain] = []
        var platforms: [Platform]
        var systemdUnit: String?
        var location: SourceLocation
        var definitions = Definitions()
    }

    private var box: CopyOnWrite<Fields>

    public init(from decoder: any Decoder) throws { box = try CopyOnWrite(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try box.encode(to: encoder) }
}

extension Service: CustomReflectable {
    /// The fields, not the box: printed and dumped as `Service` always was.
    public var customMirror: Mirror { box.mirror(of: self) }
}
