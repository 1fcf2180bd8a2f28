/// The SHA-256 of every generated file but the fleet's data itself, as `builtins.hashFile
/// "sha256"` gives it: `policies/data/fleet.json` carries them (`generated`), `nix/policy-input.nix`
/// hashes the files on disk, and the policies deny any that differ. A hand edit of a generated
/// file is then a deny in CI, not only a `render --check` diff, and that holds first for the
/// judging inputs (`nix/expected.json`, `nix/policy-input.nix`, the policies themselves).
enum GeneratedDigests {
    static func of(_ files: [String: String]) -> JSONValue {
        let paths = files.keys.sorted()
        let digests = paths.parallelMap(minimum: 64) { path in SHA256.hex(SHA256.digest(files[path]!.utf8)) }
        return .object(JSONObject(zip(paths, digests.map(JSONValue.string))))
    }
}
