import NixGen

/// The NixOS release a fleet's nixpkgs reference names (`…/nixos-26.05` → `26.05`), which the
/// matching nix-darwin branch (`nix-darwin-26.05`) and the support windows follow.
enum Release {
    /// The release of a `nixos-YY.MM` branch reference; nil for any other (unstable, a commit).
    static func of(_ nixpkgs: String) -> String? {
        guard let range = nixpkgs.range(of: "nixos-", options: .backwards) else { return nil }
        let release = nixpkgs[range.upperBound...]
        let parts = release.split(separator: ".")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) }) else { return nil }
        return String(release)
    }

    /// The last release that builds for Intel Macs: nixpkgs drops x86_64-darwin after 26.05.
    static let lastForIntelMacs = "26.05"

    /// Whether `nixpkgs` is later than `release`: a later branch, or unstable.
    static func isLater(_ nixpkgs: String, than release: String) -> Bool {
        guard let named = of(nixpkgs) else { return nixpkgs.contains("unstable") }
        return named > release
    }
}
