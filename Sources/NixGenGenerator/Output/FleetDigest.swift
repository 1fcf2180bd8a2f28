import NixGen

extension Fleet {
    /// The digest of the whole fleet, locations included (they reach the diagnostics a render
    /// prints): equal digests, equal renders. Hosts are most of a large fleet, so they are
    /// digested by hand and on all cores; the rest through its `Encodable` conformance.
    package var stableDigest: UInt64 {
        var rest = self
        rest.hosts = []
        let hosts = self.hosts.parallelMap(minimum: 256) { $0.stableDigest }
        var digest = StableDigest()
        digest.combine(StableDigest.of(rest))
        digest.combine(UInt64(hosts.count))
        for host in hosts { digest.combine(host) }
        return digest.finalize()
    }
}

extension Fleet {
    /// Every setting of the fleet's services, roles and hosts, without copying them into one array.
    var everySetting: some Sequence<Setting> {
        [AnySequence(services.lazy.flatMap(\.settings)), AnySequence(roles.lazy.flatMap(\.settings)),
         AnySequence(hosts.lazy.flatMap(\.settings))].joined()
    }

    /// Whether a setting nests deeper than validation allows (checked without recursion).
    package var hasTooDeepSetting: Bool {
        everySetting.contains { $0.value.nests(deeperThan: SettingRules.maximumNesting) }
    }
}

extension Host {
    /// The stored properties `stableDigest` covers, in order; a test holds this list to the
    /// properties `Host` has, so a new one cannot be left out of the render stamp's key.
    package static let digestedProperties = [
        "name", "platform", "system", "address", "hostKey", "deployment", "stateVersion", "lanInterfaces",
        "mesh", "roles", "services", "imports", "settings", "location", "definitions",
    ]

    /// Every stored property (`digestedProperties`), by hand for the common ones: the generic
    /// encoder costs a metadata lookup per nested value, which at ten thousand hosts is most of
    /// a no-op render.
    package var stableDigest: UInt64 {
        var digest = StableDigest()
        digest.combine(name)
        digest.combine(platform.rawValue)
        digest.combine(system.rawValue)
        digest.combine(optional: address)
        digest.combine(optional: hostKey)
        digest.combine(encoded: deployment)
        digest.combine(encoded: stateVersion)
        digest.combine(UInt64(lanInterfaces.count))
        for interface in lanInterfaces { digest.combine(interface) }
        digest.combine(encoded: mesh.isEmpty ? nil : mesh)
        for list in [roles, services] {
            digest.combine(UInt64(list.count))
            for assignment in list {
                digest.combine(assignment.name)
                digest.combine(assignment.location)
            }
        }
        digest.combine(UInt64(imports.count))
        for item in imports {
            digest.combine(item.path)
            digest.combine(item.location)
        }
        digest.combine(encoded: settings.isEmpty ? nil : settings)
        digest.combine(location)
        digest.combine(encoded: definitions.isEmpty ? nil : definitions)
        return digest.finalize()
    }
}

extension StableDigest {
    mutating func combine(optional text: String?) {
        combine(text == nil ? 0 : 1)
        if let text { combine(text) }
    }

    mutating func combine<Value: Encodable>(encoded value: Value?) {
        combine(value == nil ? 0 : 1)
        if let value { combine(StableDigest.of(value)) }
    }

    mutating func combine(_ location: SourceLocation) {
        combine(location.file)
        combine(UInt64(bitPattern: Int64(location.line)))
        combine(UInt64(bitPattern: Int64(location.column)))
    }
}
