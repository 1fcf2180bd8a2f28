import NixGen

/// Rules on references, templates, raw Nix and priorities: every reference resolves to something
/// the fleet declares and can reach, and every value has a shape Nix and the module system accept.
enum ReferenceRules {
    /// Where a setting stands: in a service's module (its own ports and secrets are in reach), a
    /// role's, or a host's.
    private enum Owner {
        case service(Service)
        case role(Role)
        case host(Plan.HostPlan)
    }

    static func check(_ plan: Plan) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var memo: [Reference: [Problem]] = [:]
        for service in plan.services { for setting in service.settings { out += check(setting, .service(service), plan, &memo) } }
        for role in plan.roles { for setting in role.settings { out += check(setting, .role(role), plan, &memo) } }
        for host in plan.hosts { for setting in host.host.settings { out += check(setting, .host(host), plan, &memo) } }
        return out
    }

    /// References whose problems do not depend on who reads them: worked out once for a fleet
    /// (every host may read the same endpoint, and each answer is linear in the hosts).
    private static func readerIndependent(_ reference: Reference) -> Bool {
        switch reference {
        case .address, .endpoint, .endpoints, .hosts, .scrapeConfigs, .dnsRecords, .package: true
        default: false
        }
    }

    private static func check(_ setting: Setting, _ owner: Owner, _ plan: Plan, _ memo: inout [Reference: [Problem]]) -> [Diagnostic] {
        guard !setting.value.nests(deeperThan: SettingRules.maximumNesting) else { return [] }
        var out: [Diagnostic] = []
        func error(_ message: String, hint: String? = nil) {
            out.append(.error("setting \(setting.path) \(message)", at: setting.location, hint: hint))
        }
        for reference in setting.value.references {
            let found: [Problem]
            if readerIndependent(reference), let known = memo[reference] {
                found = known
            } else {
                found = problems(reference, owner, plan)
                if readerIndependent(reference) { memo[reference] = found }
            }
            for problem in found { error(problem.message, hint: problem.hint) }
        }
        for raw in setting.value.rawExpressions {
            for argument in raw.arguments where !NixSyntax.isBareName(argument) {
                error("gives the raw Nix expression the argument \(quoted(argument)), which is not a Nix identifier",
                      hint: "arguments are module arguments such as \"pkgs\"")
            }
        }
        shapes(setting.value, inList: false, inPriority: false) { error($0, hint: $1) }
        return out
    }

    /// Priorities only where the module system reads them (an option's value, not a list element
    /// or another priority); templates only around values that are text or numbers.
    private static func shapes(_ value: NixValue, inList: Bool, inPriority: Bool, _ report: (String, String?) -> Void) {
        switch value {
        case .list(let items): for item in items { shapes(item, inList: true, inPriority: false, report) }
        case .attrs(let members): for member in members.values { shapes(member, inList: false, inPriority: false, report) }
        case .prioritized(let priority, let inner):
            if inList || inPriority {
                report("uses lib.\(priority.rawValue) inside \(inList ? "a list" : "another priority"), where the module system does not read it",
                       "give the priority to the whole option's value")
            }
            shapes(inner, inList: false, inPriority: true, report)
        case .template(let parts):
            for case .value(let inner) in parts where !inner.fitsInString {
                report("puts a value into a string that is not text or a number (\(inner.kind))",
                       "interpolate a port, an address, an endpoint, a secret's path or text")
            }
        default: break
        }
    }

    private struct Problem {
        var message: String
        var hint: String?
        init(_ message: String, hint: String? = nil) {
            self.message = message
            self.hint = hint
        }
    }

    private static func problems(_ reference: Reference, _ owner: Owner, _ plan: Plan) -> [Problem] {
        func service(_ name: String) -> Service? { plan.servicesByName[name] }
        func unknownService(_ name: String) -> Problem {
            Problem("refers to service \(quoted(name)), which the fleet does not declare",
                    hint: HostRules.didYouMean(name, plan.services.map(\.name), "declare the service, or fix the name"))
        }
        func port(_ serviceName: String, _ name: String) -> [Problem] {
            guard let target = service(serviceName) else { return [unknownService(serviceName)] }
            guard target.ports.contains(where: { $0.name == name }) else {
                return [Problem("refers to port \(quoted(name)) of \(quoted(serviceName)), which the service does not declare",
                                hint: HostRules.didYouMean(name, target.ports.map(\.name), "declare Port(\(quoted(name)), ...) in \(quoted(serviceName))"))]
            }
            return []
        }
        /// At most five names, and how many more: a message a person reads, at any fleet size.
        func names(_ all: [String]) -> String {
            all.prefix(5).map(quoted).joined(separator: ", ") + (all.count > 5 ? " and \(all.count - 5) more" : "")
        }
        func role(_ name: String?) -> [Problem] {
            guard let name, plan.rolesByName[name] == nil else { return [] }
            return [Problem("filters by role \(quoted(name)), which the fleet does not declare",
                            hint: HostRules.didYouMean(name, plan.roles.map(\.name), "declare the role, or fix the name"))]
        }
        func addresses(_ hosts: [Plan.HostPlan], reaching what: String) -> [Problem] {
            let missing = hosts.filter { $0.host.address == nil }.map(\.name)
            guard !missing.isEmpty else { return [] }
            return [Problem("reaches \(what) on \(names(missing)), which \(missing.count == 1 ? "has" : "have") no address",
                            hint: "give the host an address, or leave it out with a role filter")]
        }
        switch reference {
        case .port(let serviceName, let name):
            return port(serviceName, name)
        case .address(let name):
            guard let host = plan.host(named: name) else {
                return [Problem("refers to host \(quoted(name)), which the fleet does not declare",
                                hint: HostRules.didYouMean(name, plan.hosts.map(\.name), "declare the host, or fix the name"))]
            }
            return host.host.address == nil ? [Problem("refers to the address of \(quoted(name)), which has none", hint: "give the host an address")] : []
        case .endpoint(let serviceName, let name, _):
            let problems = port(serviceName, name)
            guard problems.isEmpty else { return problems }
            let runners = plan.hosts(running: serviceName)
            guard runners.count == 1 else {
                let which = runners.isEmpty ? "no host" : "\(runners.count) hosts (\(names(runners.map(\.name))))"
                return [Problem("refers to the endpoint of \(quoted(serviceName)), which runs on \(which), not on exactly one",
                                hint: "use .endpoints(of:) for a list, or run the service on one host")]
            }
            return addresses(runners, reaching: quoted(serviceName))
        case .endpoints(let serviceName, let name, let roleName, _):
            let problems = port(serviceName, name) + role(roleName)
            guard problems.isEmpty else { return problems }
            return addresses(plan.hosts(running: serviceName, role: roleName), reaching: quoted(serviceName))
        case .hosts(let serviceName, let roleName):
            return (service(serviceName) == nil ? [unknownService(serviceName)] : []) + role(roleName)
        case .secretPath(let serviceName, let secret):
            var name = serviceName
            if name == nil, case .service(let enclosing) = owner { name = enclosing.name }
            guard let name else {
                return [Problem("refers to secret \(quoted(secret)) without naming its service, which only a service's own settings can",
                                hint: ".secret(\(quoted(secret)), of: \"service\")")]
            }
            guard let target = service(name) else { return [unknownService(name)] }
            guard target.secrets.contains(where: { $0.name == secret }) else {
                return [Problem("refers to secret \(quoted(secret)) of \(quoted(name)), which the service does not declare",
                                hint: HostRules.didYouMean(secret, target.secrets.map(\.name), "declare Secret(\(quoted(secret)), ...) in \(quoted(name))"))]
            }
            if case .host(let host) = owner, !host.services.names.contains(name) {
                return [Problem("refers to a secret of \(quoted(name)), which \(quoted(host.name)) does not run, so the file is never decrypted there")]
            }
            return []
        case .scrapeConfigs:
            return plan.services.filter { $0.ports.contains(where: \.metrics) }.flatMap {
                addresses(plan.hosts(running: $0.name), reaching: "the metrics of \(quoted($0.name))")
            }
        case .virtualHosts:
            guard case .service = owner else {
                return [Problem("derives virtual hosts outside a service, so there is no proxy they belong to",
                                hint: "set it in the proxy service (nginx)")]
            }
            return []
        case .package(let name):
            let valid = name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
                guard let first = part.unicodeScalars.first, first.isASCIILetter || first == "_" else { return false }
                return part.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || "_'-".unicodeScalars.contains($0) }
            }
            return valid ? [] : [Problem("names the package \(quoted(name)), which is not a nixpkgs attribute name",
                                         hint: "e.g. .package(\"forgejo-runner\") or .package(\"python3Packages.requests\")")]
        case .dnsRecords(let zone):
            // Every label lands in unbound's zone data.
            return Downstream.dnsNameProblem(zone).map {
                [Problem("gives the DNS zone \(quoted(zone)), which is not a domain name: \($0)", hint: "e.g. \"lan\" or \"home.arpa\"")]
            } ?? []
        case .meshPeers(let interface), .meshAddress(let interface):
            guard plan.hosts.contains(where: { $0.host.mesh.contains { $0.interface == interface } }) else {
                return [Problem("refers to mesh \(quoted(interface)), which no host is a member of",
                                hint: "add Mesh(\(quoted(interface)), address:, publicKey:) to the member hosts")]
            }
            // Every host evaluating the setting reads its own entry of the mesh.
            let readers: [Plan.HostPlan] = switch owner {
            case .service(let service): plan.hosts(running: service.name)
            case .role(let role): plan.hosts.filter { $0.roles.contains { $0.name == role.name } }
            case .host(let host): [host]
            }
            let outside = readers.filter { !$0.host.mesh.contains { $0.interface == interface } }.map(\.name)
            guard outside.isEmpty else {
                return [Problem("reads mesh \(quoted(interface)) on \(outside.map(quoted).joined(separator: ", ")), which \(outside.count == 1 ? "is not a member" : "are not members")",
                                hint: "add Mesh(\(quoted(interface)), address:, publicKey:) to \(outside.count == 1 ? "the host" : "each of them")")]
            }
            return []
        }
    }
}

extension NixValue {
    /// Whether the value can stand inside a string: text, a number, a scalar reference.
    var fitsInString: Bool {
        switch self {
        case .string, .int, .float, .portNumber, .raw: true
        case .reference(let reference):
            switch reference {
            case .port, .address, .endpoint, .secretPath: true
            default: false
            }
        case .prioritized: false
        case .template: true
        default: false
        }
    }

    /// The kind of value, for messages.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .list: "a list"
        case .attrs: "an attribute set"
        case .prioritized: "a priority"
        case .reference: "a list-valued reference"
        default: "a value"
        }
    }
}
