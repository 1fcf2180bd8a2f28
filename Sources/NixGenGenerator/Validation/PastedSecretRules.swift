import NixGen

/// A setting whose name says it holds a secret (a password, token, secret or key) holds a path or
/// a reference (`.secret("x")`, a file secrix decrypts), never the secret itself: a literal lands
/// in the world-readable Nix store and in the repository. The policies judge the same names in the
/// evaluated configuration (`pastedSecrets`), whoever set them.
enum PastedSecretRules {
    /// Lower-cased endings of option names that hold secrets (the same list the policy input reads).
    static let endings = ["password", "passwd", "passphrase", "token", "secret", "key"]
    /// Lower-cased parts that make such a name something else (a public key, a file holding it).
    static let exceptions = ["pub", "file", "path", "dir"]

    static func names(_ name: String) -> Bool {
        let lower = name.lowercased()
        return endings.contains { lower.hasSuffix($0) } && !exceptions.contains { lower.contains($0) }
    }

    /// A string that is no secret of its own: empty, a path outside the Nix store, grafana's
    /// `$__file{…}` or an environment variable's `${…}`.
    static func allowed(_ text: String) -> Bool {
        text.isEmpty || (text.hasPrefix("/") && !text.hasPrefix("/nix/store/")) || text.hasPrefix("$__file{") || text.hasPrefix("${")
    }

    static func check(_ plan: Plan) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for setting in plan.fleet.everySetting where !setting.value.nests(deeperThan: SettingRules.maximumNesting) {
            visit(setting.path.components, setting.value) { path in
                out.append(.error("setting \(path.joined(separator: ".")) holds a secret as a literal value, which would land in the Nix store",
                                  at: setting.location,
                                  hint: "declare Secret(\"name\", file: \"secrets/…age\") on the service and set the option to .secret(\"name\") or a file path"))
            }
        }
        return out
    }

    private static func visit(_ path: [String], _ value: NixValue, _ found: ([String]) -> Void) {
        switch value {
        case .attrs(let attrs): for member in attrs.members { visit(path + [member.name], member.value, found) }
        case .prioritized(_, let inner): visit(path, inner, found)
        case .string(let text): if let last = path.last, names(last), !allowed(text) { found(path) }
        default: break
        }
    }
}
