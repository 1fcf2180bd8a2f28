import NixGen
import NixGenGenerator

/// Every encrypted secret file with who must be able to decrypt it: the hosts that run its service
/// (their host keys) and the fleet's recipients. Rekeying after adding a host is then one copy-paste.
package enum SecretsReport {
    package struct Entry: Sendable, Hashable {
        package var file: String
        package var service: String
        package var secret: String
        package var hosts: [(name: String, key: String?)]
        package var recipients: [(name: String, keys: [String])]

        package static func == (a: Entry, b: Entry) -> Bool { a.file == b.file && a.service == b.service && a.secret == b.secret }
        package func hash(into hasher: inout Hasher) { hasher.combine(file); hasher.combine(service); hasher.combine(secret) }

        /// The secrix command that re-encrypts the file for exactly these recipients.
        package var rekeyCommand: String {
            (["nix run ./nix#secrix rekey \(file) -- -i ~/.ssh/id_ed25519"]
                + hosts.map { "-s \($0.name)" } + recipients.map { "-u \($0.name)" }).joined(separator: " ")
        }
    }

    package static func entries(_ plan: Plan) -> [Entry] {
        let recipients = plan.fleet.recipients.keys.sorted().map { ($0, plan.fleet.recipients[$0]!) }
        return plan.services.flatMap { service in
            service.secrets.map { secret in
                Entry(file: secret.file, service: service.name, secret: secret.name,
                      hosts: plan.hosts(running: service.name).map { ($0.name, $0.host.hostKey) },
                      recipients: recipients)
            }
        }.sorted { ($0.file, $0.service, $0.secret) < ($1.file, $1.service, $1.secret) }
    }

    package static func text(_ plan: Plan) -> String {
        entries(plan).map { entry in
            var out = "\(entry.file)\n  secret:     secrix.services.\(entry.service).secrets.\(entry.secret)\n"
            for host in entry.hosts { out += "  host:       \(host.name)  \(host.key ?? "(no host key)")\n" }
            for recipient in entry.recipients {
                for key in recipient.keys { out += "  recipient:  \(recipient.name)  \(key)\n" }
            }
            return out + "  rekey:      \(entry.rekeyCommand)\n"
        }.joined(separator: "\n")
    }

    package static func json(_ plan: Plan) -> JSONValue {
        .array(entries(plan).map { entry in
            .object([
                "file": .string(entry.file), "service": .string(entry.service), "secret": .string(entry.secret),
                "hosts": .array(entry.hosts.map { .object(["name": .string($0.name), "key": $0.key.map(JSONValue.string) ?? .null]) }),
                "recipients": .object(JSONObject(entry.recipients.map { ($0.name, JSONValue.strings($0.keys)) })),
                "rekey": .string(entry.rekeyCommand),
            ])
        })
    }
}
