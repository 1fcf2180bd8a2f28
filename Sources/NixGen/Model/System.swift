/// The operating system family a host runs.
public enum Platform: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case nixos
    case darwin

    public static func < (a: Platform, b: Platform) -> Bool { a.rawValue < b.rawValue }
}

/// A Nix system double such as `x86_64-linux`.
public struct System: RawRepresentable, Sendable, Hashable, Codable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let x86_64Linux: System = "x86_64-linux"
    public static let aarch64Linux: System = "aarch64-linux"
    public static let x86_64Darwin: System = "x86_64-darwin"
    public static let aarch64Darwin: System = "aarch64-darwin"

    /// Systems nixpkgs builds for; anything else is most likely a typo.
    public static let known: [System] = [.x86_64Linux, .aarch64Linux, "i686-linux", "armv7l-linux", "riscv64-linux",
        .x86_64Darwin, .aarch64Darwin]

    /// The platform this system belongs to, if any.
    public var platform: Platform? {
        if rawValue.hasSuffix("-linux") { return .nixos }
        if rawValue.hasSuffix("-darwin") { return .darwin }
        return nil
    }

    public var description: String { rawValue }
    public static func < (a: System, b: System) -> Bool { a.rawValue < b.rawValue }
}

/// The transport protocol of a listening port.
public enum IPProtocol: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case tcp
    case udp

    public static func < (a: IPProtocol, b: IPProtocol) -> Bool { a.rawValue < b.rawValue }
}

/// Who may reach a port: the host itself, the local network, or the internet.
public enum Exposure: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case local
    case lan
    case `public`

    /// Whether the host firewall opens the port.
    public var opensFirewall: Bool { self != .local }

    public static func < (a: Exposure, b: Exposure) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// `system.stateVersion`: the release whose defaults for stateful data a host keeps. NixOS names
/// it by release (`"24.11"`), nix-darwin by number (`6`); a string literal is the one, an integer
/// literal the other.
public enum StateVersion: Sendable, Hashable, Codable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    case nixos(String)
    case darwin(Int)

    public init(stringLiteral value: String) { self = .nixos(value) }
    public init(integerLiteral value: Int) { self = .darwin(value) }

    /// The platform this kind of state version belongs to.
    public var platform: Platform {
        switch self {
        case .nixos: .nixos
        case .darwin: .darwin
        }
    }

    public var description: String {
        switch self {
        case .nixos(let release): "\"\(release)\""
        case .darwin(let number): String(number)
        }
    }
}
