import NixGen

/// `nixgen import --check`: the values that matter of every host, before the import and after
/// it, compared; each difference is one line.
enum ImportCheck {
    static func differences(before: ExistingFleet, after: ExistingFleet) -> [String] {
        var out: [String] = []
        let later = Dictionary(after.hosts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        func ports(_ set: Set<ExistingFleet.Port>) -> String { set.isEmpty ? "nothing" : set.sorted().map(\.text).joined(separator: " ") }
        for old in before.hosts {
            guard let new = later[old.name] else {
                out.append("\(old.name): the host is gone")
                continue
            }
            if old.hostName != new.hostName { out.append("\(old.name): networking.hostName is \(new.hostName ?? "unset"), was \(old.hostName ?? "unset")") }
            if old.platform != new.platform { out.append("\(old.name): the platform is \(new.platform.rawValue), was \(old.platform.rawValue)") }
            let oldFirewall = old.firewall ?? ExistingFleet.Firewall(), newFirewall = new.firewall ?? ExistingFleet.Firewall()
            if oldFirewall.everywhere != newFirewall.everywhere {
                out.append("\(old.name): the firewall opens \(ports(newFirewall.everywhere)) on every interface, was \(ports(oldFirewall.everywhere))")
            }
            for interface in Set(oldFirewall.interfaces.keys).union(newFirewall.interfaces.keys).sorted() {
                let was = oldFirewall.interfaces[interface] ?? [], now = newFirewall.interfaces[interface] ?? []
                if was != now { out.append("\(old.name): the firewall opens \(ports(now)) on \(interface), was \(ports(was))") }
            }
            for recognised in RecognisedService.all {
                let was = old.services[recognised.name] != nil, now = new.services[recognised.name] != nil
                if was != now { out.append("\(old.name): \(recognised.name) is \(now ? "enabled" : "not enabled"), was \(was ? "enabled" : "not enabled")") }
                guard was, now else { continue }
                for port in recognised.ports {
                    let before = ExistingFleet.number(port, on: old, service: recognised.name)
                    let after = ExistingFleet.number(port, on: new, service: recognised.name)
                    if before != after {
                        out.append("\(old.name): \(recognised.name).\(port.name) (\(port.option?.joined(separator: ".") ?? "default")) is \(after), was \(before)")
                    }
                }
            }
        }
        for new in after.hosts where !before.hosts.contains(where: { $0.name == new.name }) {
            out.append("\(new.name): the host is new")
        }
        return out
    }
}
