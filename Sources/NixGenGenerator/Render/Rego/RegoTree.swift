import NixGen

/// The `policies/` tree: the fleet as data, the policies, their tests, and the input's schema.
enum RegoTree {
    static func files(_ plan: Plan, ports: JSONValue) -> [String: String] {
        var files: [String: String] = [:]
        files[RegoData.path] = RegoData.file(plan, ports: ports)
        files[RegoData.expectedPath] = RegoData.expectedFile(plan)
        for (name, source) in RegoPolicies.files {
            files["policies/\(name)"] = GeneratedFile.header + "\n" + source
        }
        files["policies/input.schema.json"] = InputSchema.json.prettyText
        return files
    }
}
