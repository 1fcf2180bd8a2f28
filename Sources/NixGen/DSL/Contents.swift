// Which declaration may appear where. Each conformance is one line of the DSL's grammar.

extension Host: FleetContent {
    public func apply(to fleet: inout Fleet, at location: SourceLocation) { fleet.hosts.append(self) }
}
extension Service: FleetContent {
    public func apply(to fleet: inout Fleet, at location: SourceLocation) { fleet.services.append(self) }
}
extension Role: FleetContent {
    public func apply(to fleet: inout Fleet, at location: SourceLocation) { fleet.roles.append(self) }
}

extension Service: HostContent, RoleContent {
    public func apply(to host: inout Host, at location: SourceLocation) {
        host.services.append(Assignment(name: name, location: location))
        host.definitions.services.append(self)
    }
    public func apply(to role: inout Role, at location: SourceLocation) {
        role.services.append(Assignment(name: name, location: location))
        role.definitions.services.append(self)
    }
}

extension Role: HostContent {
    public func apply(to host: inout Host, at location: SourceLocation) {
        host.roles.append(Assignment(name: name, location: location))
        host.definitions.roles.append(self)
    }
}

extension Port: ServiceContent {
    public func apply(to service: inout Service, at location: SourceLocation) { service.ports.append(self) }
}
extension Secret: ServiceContent {
    public func apply(to service: inout Service, at location: SourceLocation) { service.secrets.append(self) }
}

extension Setting: HostContent, ServiceContent, RoleContent {
    public func apply(to host: inout Host, at location: SourceLocation) { host.settings.append(self) }
    public func apply(to service: inout Service, at location: SourceLocation) { service.settings.append(self) }
    public func apply(to role: inout Role, at location: SourceLocation) { role.settings.append(self) }
}

extension Import: HostContent, RoleContent {
    public func apply(to host: inout Host, at location: SourceLocation) { host.imports.append(self) }
    public func apply(to role: inout Role, at location: SourceLocation) { role.imports.append(self) }
}

/// `Enable("services.postgresql")` is `Setting("services.postgresql.enable", true)`.
public struct Enable: HostContent, ServiceContent, RoleContent {
    public var setting: Setting

    public init(_ path: AttrPath, file: String = #filePath, line: Int = #line, column: Int = #column) {
        setting = Setting(path.appending("enable"), true, file: file, line: line, column: column)
    }

    public func apply(to host: inout Host, at location: SourceLocation) { setting.apply(to: &host, at: location) }
    public func apply(to service: inout Service, at location: SourceLocation) {
        setting.apply(to: &service, at: location)
    }
    public func apply(to role: inout Role, at location: SourceLocation) { setting.apply(to: &role, at: location) }
}

/// A dependency on another service: by value (`Requires(postgresql, on: .sameHost)`), or by name
/// for services declared elsewhere.
public struct Requires: ServiceContent {
    public var name: String
    public var scope: DependencyScope
    var definition: Service?
    var location: SourceLocation

    public init(_ service: Service, on scope: DependencyScope = .fleet,
                file: String = #filePath, line: Int = #line, column: Int = #column) {
        self.name = service.name
        self.scope = scope
        self.definition = service
        self.location = SourceLocation(file: file, line: line, column: column)
    }

    public init(_ name: String, on scope: DependencyScope = .fleet,
                file: String = #filePath, line: Int = #line, column: Int = #column) {
        self.name = name
        self.scope = scope
        self.location = SourceLocation(file: file, line: line, column: column)
    }

    public func apply(to service: inout Service, at _: SourceLocation) {
        service.dependencies.append(Dependency(service: name, scope: scope, location: location))
        if let definition { service.definitions.services.append(definition) }
    }
}

/// Assigns a service by name, for services declared in another file or module.
public struct Runs: HostContent, RoleContent {
    public var name: String
    public init(_ name: String) { self.name = name }
    public func apply(to host: inout Host, at location: SourceLocation) {
        host.services.append(Assignment(name: name, location: location))
    }
    public func apply(to role: inout Role, at location: SourceLocation) {
        role.services.append(Assignment(name: name, location: location))
    }
}

/// Gives a host a role by name.
public struct HasRole: HostContent {
    public var name: String
    public init(_ name: String) { self.name = name }
    public func apply(to host: inout Host, at location: SourceLocation) {
        host.roles.append(Assignment(name: name, location: location))
    }
}

/// Platforms a service supports, when it is not NixOS-only.
public struct Supports: ServiceContent {
    public var platforms: [Platform]
    public init(_ platforms: Platform...) { self.platforms = platforms }
    public func apply(to service: inout Service, at _: SourceLocation) { service.platforms = platforms }
}

extension Deployment: HostContent {
    public func apply(to host: inout Host, at _: SourceLocation) { host.deployment = self }
}


/// Lists splice in where their elements may stand: `Fleet { allServices; allHosts }`.
extension Array: FleetContent where Element: FleetContent {
    public func apply(to fleet: inout Fleet, at location: SourceLocation) {
        for element in self { element.apply(to: &fleet, at: location) }
    }
}

extension Array: HostContent where Element: HostContent {
    public func apply(to host: inout Host, at location: SourceLocation) {
        for element in self { element.apply(to: &host, at: location) }
    }
}
