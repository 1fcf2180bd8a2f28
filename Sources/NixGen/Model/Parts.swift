/// A port a service listens on. Its number lives in the global port registry
/// (`nix/registry/ports.nix`); every module reads it from there.
public struct Port: Sendable, Hashable, Codable {
    public var name: String
    public var number: Int
    public var `protocol`: IPProtocol
    public var exposure: Exposure
    /// The NixOS option that takes this port number, e.g. `services.grafana.settings.server.http_port`.
    public var option: AttrPath?
    /// Set for a privileged port (< 1024) that is public on purpose (80 and 443 on a proxy).
    public var privileged: Bool
    /// Serves Prometheus metrics: `.scrapeConfigs` scrapes it on every host running the service.
    public var metrics: Bool
    public var location: SourceLocation

    public init(
        _ name: String, _ number: Int, _ proto: IPProtocol = .tcp, exposure: Exposure = .local,
        boundTo option: AttrPath? = nil, privileged: Bool = false, metrics: Bool = false,
        file: String = #filePath, line: Int = #line, column: Int = #column
    ) {
        self.privileged = privileged
        self.metrics = metrics
        self.name = name
        self.number = number
        self.protocol = proto
        self.exposure = exposure
        self.option = option
        self.location = SourceLocation(file: file, line: line, column: column)
    }
}

/// Where a dependency must run relative to the service that needs it.
public enum DependencyScope: String, Sendable, Hashable, Codable {
    /// On the same host (a database reached over a local socket, say).
    case sameHost
    /// On at least one host of the fleet.
    case fleet
}

/// One service needing another.
public struct Dependency: Sendable, Hashable, Codable {
    public var service: String
    public var scope: DependencyScope
    public var location: SourceLocation

    package init(service: String, scope: DependencyScope, location: SourceLocation) {
        self.service = service
        self.scope = scope
        self.location = location
    }
}

/// A named secret a service needs. Only a reference to an encrypted file: values never enter the model.
public struct Secret: Sendable, Hashable, Codable {
    public var name: String
    /// Path of the encrypted file, relative to the repository root (e.g. `secrets/forgejo/db-password.age`).
    public var file: String
    /// The NixOS option that takes the decrypted file's path.
    public var option: AttrPath?
    public var owner: String?
    public var group: String?
    public var mode: String?
    public var location: SourceLocation

    public init(
        _ name: String, file: String, boundTo option: AttrPath? = nil,
        owner: String? = nil, group: String? = nil, mode: String? = nil,
        sourceFile: String = #filePath, line: Int = #line, column: Int = #column
    ) {
        self.name = name
        self.file = file
        self.option = option
        self.owner = owner
        self.group = group
        self.mode = mode
        self.location = SourceLocation(file: sourceFile, line: line, column: column)
    }
}

/// A NixOS option set to a typed value: the escape hatch for anything nixgen has no word for.
public struct Setting: Sendable, Hashable, Codable {
    public var path: AttrPath
    public var value: NixValue
    public var location: SourceLocation

    // Disfavored, so a literal is a `NixValue` (below): `"\(.port("http"))"` and
    // `"\(NixValue.port(of: "x", "http"))"` then build a template, never Swift's description text.
    @_disfavoredOverload
    public init(
        _ path: AttrPath, _ value: some NixValueConvertible,
        file: String = #filePath, line: Int = #line, column: Int = #column
    ) {
        self.init(path, value.nixValue, file: file, line: line, column: column)
    }

    /// The same for a literal that mixes kinds (`["port": .port("mqtt"), "acl": ["#"]]`): a
    /// `NixValue` in its own right, so no `as NixValue` is needed.
    public init(_ path: AttrPath, _ value: NixValue, file: String = #filePath, line: Int = #line, column: Int = #column) {
        self.path = path
        self.value = value
        self.location = SourceLocation(file: file, line: line, column: column)
    }

    package init(path: AttrPath, value: NixValue, location: SourceLocation) {
        self.path = path
        self.value = value
        self.location = location
    }
}

/// A user-owned Nix module a host or role imports, relative to the `nix/` folder
/// (e.g. `hardware/atlas.nix`). nixgen never writes these files.
public struct Import: Sendable, Hashable, Codable {
    public var path: String
    public var location: SourceLocation

    public init(_ path: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        self.path = path
        self.location = SourceLocation(file: file, line: line, column: column)
    }
}

/// A service or role given to a host (or a service to a role), by name, where it was written.
public struct Assignment: Sendable, Hashable, Codable {
    public var name: String
    public var location: SourceLocation

    package init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }
}

/// A deployment tool the flake is wired for.
public enum Deployer: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// One host at a time: `nix run ./nix#atlas` (nixinate's apps).
    case nixinate
    /// Many hosts in parallel: `colmena apply --on @server` (the `colmenaHive` output).
    case colmena

    public static func < (a: Deployer, b: Deployer) -> Bool { a.rawValue < b.rawValue }
}

/// Where nixinate builds a host's closure.
public enum BuildLocation: String, Sendable, Hashable, Codable {
    case local
    case remote
}

/// How a host is deployed (nixinate's `_module.args.nixinate`; colmena's `deployment`).
public struct Deployment: Sendable, Hashable, Codable {
    public var sshUser: String
    public var buildOn: BuildLocation
    public var substituteOnTarget: Bool
    public var hermetic: Bool

    public init(sshUser: String = "deploy", buildOn: BuildLocation = .remote, substituteOnTarget: Bool = true,
                hermetic: Bool = false) {
        self.sshUser = sshUser
        self.buildOn = buildOn
        self.substituteOnTarget = substituteOnTarget
        self.hermetic = hermetic
    }
}

extension Service {
    /// The ports the host firewall opens for this service: its `lan` ports on the host's lan
    /// interfaces, its `public` ports everywhere; each port name once. The module and the policies'
    /// data both read this, so they cannot disagree.
    public var firewallPorts: [Port] {
        // Read for every host running the service: a set only pays off for many ports.
        guard ports.count > 16 else {
            return ports.indices.filter { index in
                ports[index].exposure.opensFirewall && !ports[..<index].contains { $0.name == ports[index].name }
            }.map { ports[$0] }
        }
        var seen = Set<String>()
        return ports.filter { seen.insert($0.name).inserted && $0.exposure.opensFirewall }
    }

    /// Whether the service also runs on nix-darwin, which has no `networking.firewall`.
    public var runsOnDarwin: Bool { platforms.contains(.darwin) }
}
