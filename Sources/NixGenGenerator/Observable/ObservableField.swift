import NixGen

/// One field of a host's observable configuration: what says who gets in, what listens, what is
/// exposed, which secrets it holds and how it is deployed. Each field is described once — how Nix
/// reads it from an evaluated configuration, what the declaration makes it, its type in the
/// input's schema and how the policies judge it — and `nix/policy-input.nix`,
/// `policies/input.schema.json`, `nix/expected.json` and the shape policy are made from the table
/// (`ObservableConfiguration.fields`). Nothing here knows where a value comes from besides the
/// reader: a running host's facts or an imported flake are other readers of the same fields.
struct ObservableField: Sendable {
    /// How the policies judge the field on a host that deviates from its expectation.
    enum Judging: String, Sendable {
        /// By rules of their own (`policy`), which may allow what the declaration cannot predict.
        case rules
        /// Equal to what the declaration makes it, member by member (`observed.rego`).
        case exact
        /// No weaker than what the declaration makes it: stronger is allowed (`observed.rego`).
        case noWeaker
    }

    /// The member of the host's document.
    var name: String
    /// What it holds, for the schema and the documentation.
    var summary: String
    /// Read on NixOS hosts only (null on a Mac).
    var nixosOnly = false
    /// Nix over `config` (the evaluated configuration), `host` (what `nixosSystem` or
    /// `darwinSystem` returned), `name`, `platform` and the helpers `nix/policy-input.nix` binds.
    var reader: NixExpr
    /// Its JSON schema.
    var schema: JSONValue
    var judging: Judging
    /// The policy file that judges it.
    var policy: String
    /// What the declaration makes it on a host.
    var declared: @Sendable (ObservedHost) -> JSONValue
}

/// A host as the declaration makes it, with what every host shares worked out once per fleet.
struct ObservedHost {
    let plan: Plan.HostPlan
    let fleet: ObservableConfiguration.FleetContext

    var nixos: Bool { plan.host.platform == .nixos }
    /// The host's services' places in the fleet's table.
    var mine: [Int] { plan.services.positions }
    var services: [RegoData.ServiceExpectation] { mine.map { fleet.services[$0] } }
}

/// The table of fields and what is made from it.
enum ObservableConfiguration {
    /// Every field, sorted by name (the document's members are printed in this order).
    static let fields: [ObservableField] = (core + access + exposure + options + secrets).sorted { $0.name < $1.name }

    /// The fields judged against their declared value, which `policy-input.nix` sends along
    /// with a deviating host.
    static var declaredNames: [String] { fields.filter { $0.judging != .rules }.map(\.name) }

    /// The fields judged by equality, as the generic policy's set.
    static var exactRego: String {
        "exact := {" + fields.filter { $0.judging == .exact }.map { JSONValue.quoted($0.name) }.joined(separator: ", ") + "}\n"
    }

    /// What every host shares: each service's part of an expectation, printed once.
    struct FleetContext: Sendable {
        let plan: Plan
        let services: [RegoData.ServiceExpectation]
        let bindings: RegoData.BindingNames

        init(_ plan: Plan) {
            self.plan = plan
            let names = RegoData.BindingNames(plan.services)
            bindings = names
            services = plan.services.map { RegoData.ServiceExpectation($0, names) }
        }
    }

    /// One host's expectation: each field's declared value.
    static func declared(_ host: Plan.HostPlan, _ fleet: FleetContext) -> JSONValue {
        let observed = ObservedHost(plan: host, fleet: fleet)
        return .object(JSONObject(fields.map { field in
            (field.name, field.nixosOnly && !observed.nixos ? .null : field.declared(observed))
        }))
    }

    /// The members of a host's document in `policy-input.nix`, each its field's reader.
    static var readers: [NixExpr.Binding] {
        fields.map { field in
            .assign([field.name], field.nixosOnly
                ? .ifThenElse(.binary(.variable("platform"), .equal, .string("nixos")), field.reader, .null) : field.reader)
        }
    }

    /// The schema of a host's document.
    static var schema: JSONValue {
        .object([
            "type": "object",
            "properties": .object(JSONObject(fields.map { field in
                var schema = field.schema
                if case .object(var members) = schema {
                    members["description"] = .string("\(field.summary) (judged \(["rules": "by rules", "exact": "exactly", "noWeaker": "no weaker than declared"][field.judging.rawValue]!) in \(field.policy))")
                    schema = .object(members)
                }
                return (field.name, field.nixosOnly ? .object(["oneOf": .array([schema, .object(["type": "null"])])]) : schema)
            })),
            "required": .strings(fields.map(\.name)),
        ])
    }

    /// The shape policy's tables, from the fields' schemas: what every deviating host carries
    /// (`host_document`) and what a NixOS host carries besides (`nixos_document`), by JSON type.
    static var shapeRego: String {
        var every: [(String, String)] = [], nixos: [(String, String)] = []
        for field in fields {
            guard case .object(let schema) = field.schema else { continue }
            if case .string(let type)? = schema["type"] {
                (field.nixosOnly ? { nixos.append(($0, $1)) } : { every.append(($0, $1)) })(field.name, type == "integer" ? "number" : type)
            } else if schema["enum"] != nil {
                every.append((field.name, "string"))
            } else if case .array(let choices)? = schema["oneOf"], case .object(let first)? = choices.first, case .string(let type)? = first["type"] {
                nixos.append((field.name, type))
            }
        }
        func table(_ name: String, _ entries: [(String, String)]) -> String {
            "\(name) := {\n" + entries.map { "\t\(JSONValue.quoted($0.0)): \(JSONValue.quoted($0.1)),\n" }.joined() + "}\n"
        }
        return table("host_document", every) + "\n" + table("nixos_document", nixos)
    }
}
