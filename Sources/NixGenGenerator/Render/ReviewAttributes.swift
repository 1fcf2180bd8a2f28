/// `nix/.gitattributes` and `policies/.gitattributes`: the files nixgen generates are marked
/// `linguist-generated`, so Forgejo, Gitea and GitHub fold them in a pull request's diff and the
/// review reads the declaration. The patterns are the generated paths themselves (a folder nixgen
/// fills is one pattern), so a user-owned module beside them (`nix/hardware/`) stays shown.
enum ReviewAttributes {
    static let folders = ["nix", "policies"]

    /// One attributes file per folder that holds generated files, from the paths generated there.
    static func files(for paths: some Sequence<String>) -> [String: String] {
        var entries: [String: Set<String>] = [:]
        for path in paths {
            let parts = path.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2, folders.contains(String(parts[0])) else { continue }
            entries[String(parts[0]), default: []].insert(parts.count == 2 ? "/\(parts[1])" : "/\(parts[1])/**")
        }
        var files: [String: String] = [:]
        for (folder, patterns) in entries {
            let lines = (patterns.union(["/.gitattributes"])).sorted().map { "\($0) linguist-generated=true\n" }
            files["\(folder)/.gitattributes"] = GeneratedFile.header + "\n" + lines.joined()
        }
        return files
    }
}
