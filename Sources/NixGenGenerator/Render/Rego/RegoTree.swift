import NixGen

/// The `policies/` tree: the policies, their tests and the input's schema (the fleet as data is
/// printed last, `RegoData.file`: it holds the digest of every other generated file).
enum RegoTree {
    static func files(_ plan: Plan, ports: JSONValue) -> [String: String] {
        var files: [String: String] = [:]
        files[RegoData.expectedPath] = RegoData.expectedFile(plan)
        for (name, source) in RegoPolicies.files {
            files["policies/\(name)"] = GeneratedFile.header + "\n" + source
        }
        files["policies/input.schema.json"] = InputSchema.json.prettyText
        return files
    }
}
