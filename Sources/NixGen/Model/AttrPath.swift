/// A NixOS option path such as `services.forgejo.settings.server.HTTP_PORT`.
///
/// Written as a dotted string for the common case; attribute names that themselves contain dots
/// (virtual host names, for instance) are given as components: `AttrPath(["services", "nginx",
/// "virtualHosts", "git.example.org"])`. The Nix printer quotes whatever needs quoting.
public struct AttrPath: Sendable, Hashable, Codable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public var components: [String]

    public init(_ components: [String]) { self.components = components }

    /// Splits on dots. An empty string gives an empty path, which validation rejects.
    public init(_ dotted: String) {
        self.components = dotted.isEmpty ? [] : dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    public init(stringLiteral value: String) { self.init(value) }

    public func appending(_ names: String...) -> AttrPath { AttrPath(components + names) }

    /// Byte for byte, as Nix compares names (Swift's `==` on strings is canonical equivalence).
    public func hasPrefix(_ other: AttrPath) -> Bool {
        components.count >= other.components.count
            && zip(components, other.components).allSatisfy { sameBytes($0, $1) }
    }

    public static func == (a: AttrPath, b: AttrPath) -> Bool {
        a.components.count == b.components.count && a.hasPrefix(b)
    }

    public func hash(into hasher: inout Hasher) {
        for component in components { hashBytes(component, into: &hasher) }
        hasher.combine(components.count)
    }

    /// Dotted form for messages; components that are not plain identifiers are quoted.
    public var description: String {
        components.map { NixSyntax.attributeName($0) }.joined(separator: ".")
    }

    public static func < (a: AttrPath, b: AttrPath) -> Bool {
        a.components.lexicographicallyPrecedes(b.components) { compareBytes($0, $1) < 0 }
    }
}
