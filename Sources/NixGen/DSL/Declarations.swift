// The DSL's entry points: each builds a plain model value from a block of contents.

extension Fleet {
    /// Declares a fleet. Services and roles that hosts reference by value are collected here,
    /// so nothing has to be listed twice.
    public init(
        nixpkgs: String = Fleet.defaultNixpkgs, stateVersion: String? = nil, darwinStateVersion: Int? = nil,
        deployment: Deployment = Deployment(), deployers: [Deployer] = [.nixinate],
        admins: [String: [String]] = [:], recipients: [String: [String]] = [:],
        file: String = #filePath, line: Int = #line, column: Int = #column,
        @FleetBuilder _ content: () -> FleetBuilder.Component
    ) {
        var fleet = Fleet(hosts: [], deployment: deployment, nixpkgs: nixpkgs, deployers: deployers, recipients: recipients)
        fleet.admins = admins
        fleet.stateVersion = stateVersion
        fleet.darwinStateVersion = darwinStateVersion
        fleet.location = SourceLocation(file: file, line: line, column: column)
        for item in content() { item.content.apply(to: &fleet, at: item.location) }
        fleet.collectReferences()
        self = fleet
    }
}

extension Host {
    /// Declares a host. The platform follows from the system (`*-darwin` is nix-darwin).
    /// `lanInterfaces` are where `.lan` ports open; `stateVersion` overrides the fleet's.
    public init(
        _ name: String, system: System, address: String? = nil, lanInterfaces: [String] = [],
        stateVersion: StateVersion? = nil, hostKey: String? = nil,
        file: String = #filePath, line: Int = #line, column: Int = #column,
        @HostBuilder _ content: () -> HostBuilder.Component = { [] }
    ) {
        self.init(
            name: name, system: system, address: address, hostKey: hostKey,
            location: SourceLocation(file: file, line: line, column: column))
        self.lanInterfaces = lanInterfaces
        self.stateVersion = stateVersion
        let items = content()
        // Mostly services: room for all of them at once rather than growing four times.
        services.reserveCapacity(items.count)
        definitions.services.reserveCapacity(items.count)
        for item in items { item.content.apply(to: &self, at: item.location) }
    }
}

extension Service {
    /// Declares a service and its requirements.
    public init(
        _ name: String, summary: String? = nil, unit systemdUnit: String? = nil,
        file: String = #filePath, line: Int = #line, column: Int = #column,
        @ServiceBuilder _ content: () -> ServiceBuilder.Component = { [] }
    ) {
        self.init(name: name, summary: summary, systemdUnit: systemdUnit,
                  location: SourceLocation(file: file, line: line, column: column))
        for item in content() { item.content.apply(to: &self, at: item.location) }
    }
}

extension Role {
    /// Declares a role: settings, services and imports every host with the role gets.
    public init(
        _ name: String, file: String = #filePath, line: Int = #line, column: Int = #column,
        @RoleBuilder _ content: () -> RoleBuilder.Component = { [] }
    ) {
        self.init(name: name, location: SourceLocation(file: file, line: line, column: column))
        for item in content() { item.content.apply(to: &self, at: item.location) }
    }
}
