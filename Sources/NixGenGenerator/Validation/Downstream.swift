import Foundation

/// What the programs downstream of a rendered fleet accept, one rule per consumer: strings that
/// reach a shell (nixinate's deploy script puts `user@host` into one unquoted, secrix's activation
/// script runs `chown owner:group` and `chmod mode`, NixOS' iptables firewall names interfaces in
/// its rules), a configuration file (unbound's zone data) or a path. Each returns why a value is
/// refused, or nil; validation, `new-host`, `init` and `import` ask the same functions.
package enum Downstream {
    /// A user or group name as shadow's `useradd` accepts it (and NixOS' users.users): lower-case
    /// letters, digits, '_' and '-', starting with a letter or '_', at most 32 bytes.
    package static func userNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name.utf8.count > 32 { return "it is longer than 32 characters" }
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || first == "_" else {
            return "a user name starts with a lower-case letter or '_'"
        }
        if !name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || $0.isASCIIDigit || $0 == "_" || $0 == "-" }) {
            return "a user name holds only a-z, 0-9, '_' and '-'"
        }
        return nil
    }

    /// An address to deploy to: a DNS name, an IPv4 address or an IPv6 address.
    package static func addressProblem(_ address: String) -> String? {
        if address.isEmpty { return "it is empty" }
        if address.contains(":") {
            var storage = in6_addr()
            return inet_pton(AF_INET6, address, &storage) == 1 ? nil : "it is not an IPv6 address"
        }
        if address.unicodeScalars.allSatisfy({ $0.isASCIIDigit || $0 == "." }) {
            var storage = in_addr()
            return inet_pton(AF_INET, address, &storage) == 1 ? nil : "it is not an IPv4 address"
        }
        return dnsNameProblem(address).map { "it is neither an IP address nor a DNS name: \($0)" }
    }

    /// A Linux network interface name: 1 to 15 bytes of letters, digits, '_', '.' and '-'.
    package static func interfaceProblem(_ name: String) -> String? {
        if name.isEmpty || name.utf8.count > 15 { return "an interface name has 1 to 15 characters" }
        if name == "." || name == ".." { return "it is a relative path" }
        if !name.unicodeScalars.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || "_.-".unicodeScalars.contains($0) }) {
            return "an interface name holds only letters, digits, '_', '.' and '-'"
        }
        return nil
    }

    /// A file mode in octal, as chmod takes it: three or four digits 0-7.
    package static func modeProblem(_ mode: String) -> String? {
        (3...4).contains(mode.utf8.count) && mode.unicodeScalars.allSatisfy({ ("0"..."7").contains($0) })
            ? nil : "a mode is three or four octal digits, such as \"0400\""
    }

    /// A DNS name: labels of letters, digits and '-' (not at either end), 1 to 63 bytes each, dot
    /// separated, at most 253 bytes, no trailing dot.
    package static func dnsNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name.utf8.count > 253 { return "it is longer than 253 characters" }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            if label.isEmpty { return "it has an empty label" }
            if label.utf8.count > 63 { return "a label is longer than 63 characters" }
            if label.hasPrefix("-") || label.hasSuffix("-") { return "a label starts or ends with '-'" }
            if !label.unicodeScalars.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" }) {
                return "a label holds only letters, digits and '-'"
            }
        }
        return nil
    }

    /// A flake reference: non-empty, printable ASCII without white space, quotes, backslashes or '$'.
    package static func flakeReferenceProblem(_ reference: String) -> String? {
        if reference.isEmpty { return "it is empty" }
        if !reference.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && !"\"'\\$`".unicodeScalars.contains($0) }) {
            return "a flake reference holds no white space, quotes, backslashes, '$' or '`'"
        }
        return nil
    }
}
