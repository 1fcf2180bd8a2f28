/// A name under which a reverse proxy serves one of the service's ports: the proxy's virtual host
/// (`.virtualHosts`) and the fleet's DNS (`.dnsRecords`) are derived from it.
public struct Domain: Sendable, Hashable, Codable {
    /// The fully qualified name, e.g. `grafana.example.org`.
    public var name: String
    /// The service's port the proxy forwards to.
    public var port: String
    /// The service that proxies it; every host running that service serves the name.
    public var proxy: String
    public var location: SourceLocation

    public init(_ name: String, port: String, proxy: String = "nginx",
                file: String = #filePath, line: Int = #line, column: Int = #column) {
        self.name = name
        self.port = port
        self.proxy = proxy
        self.location = SourceLocation(file: file, line: line, column: column)
    }
}

/// A host's membership of a WireGuard mesh: every other member gets it as a peer
/// (`.meshPeers`), reached at the host's address and the registry port of `service`'s port named
/// like the interface.
public struct Mesh: Sendable, Hashable, Codable {
    /// The interface, e.g. `wg0`.
    public var interface: String
    /// The host's address inside the mesh, with its prefix (`10.100.0.2/32`).
    public var address: String
    /// The host's WireGuard public key (the private key is a secret of the service).
    public var publicKey: String
    /// The service that runs the interface and declares its port.
    public var service: String
    public var location: SourceLocation

    public init(_ interface: String, address: String, publicKey: String, service: String = "wireguard",
                file: String = #filePath, line: Int = #line, column: Int = #column) {
        self.interface = interface
        self.address = address
        self.publicKey = publicKey
        self.service = service
        self.location = SourceLocation(file: file, line: line, column: column)
    }
}

extension Domain: ServiceContent {
    public func apply(to service: inout Service, at _: SourceLocation) { service.domains.append(self) }
}

extension Mesh: HostContent {
    public func apply(to host: inout Host, at _: SourceLocation) { host.mesh.append(self) }
}

extension Mesh {
    /// `10.100.0.2/24` as (`10.100.0.2`, 24); the prefix is nil when missing or not a number.
    package var splitAddress: (ip: String, prefixLength: Int?) {
        guard let slash = address.lastIndex(of: "/") else { return (address, nil) }
        return (String(address[..<slash]), Int(address[address.index(after: slash)...]))
    }
}
