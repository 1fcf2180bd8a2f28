import NixGen
import NixGenCLICore
import NixGenGenerator
import NixGenTestSupport
import XCTest

/// Strings that reach a shell or a configuration file downstream are refused at the user's line,
/// each by the rule of its consumer: the reproducers that once became commands on the deployer's
/// machine (nixinate), in secrix's root activation script, in NixOS' firewall script or in
/// unbound's zone data.
final class DownstreamValidationTests: XCTestCase {
    private func errors(_ fleet: Fleet) -> [Diagnostic] { Validator.validate(fleet).filter { $0.severity == .error } }

    private func fleet(sshUser: String = "deploy", address: String = "10.0.0.1", interfaces: [String] = ["enp1s0"],
                       owner: String? = nil, group: String? = nil, mode: String? = nil, zone: String = "lan",
                       nixpkgs: String = Fleet.defaultNixpkgs) -> Fleet {
        let dns = Service("dns") { Setting("services.unbound.settings.server.local-data", .dnsRecords(zone: zone)) }
        let app = Service("app") { Secret("token", file: "secrets/app/token.age", owner: owner, group: group, mode: mode) }
        return Fleet(nixpkgs: nixpkgs, stateVersion: "26.05", deployment: Deployment(sshUser: sshUser), admins: ValidationTests.admins) {
            Host("h", system: .x86_64Linux, address: address, lanInterfaces: interfaces, hostKey: ValidationTests.key) {
                dns
                app
                ValidationTests.hardware
            }
        }
    }

    private func assertRefused(_ fleet: Fleet, _ message: String, line: UInt = #line) {
        let found = errors(fleet)
        XCTAssertTrue(found.contains { $0.message.contains(message) }, "\(found.map(\.message))", line: line)
    }

    func testTheCleanFleetPasses() {
        XCTAssertEqual(errors(fleet()).map(\.message), [])
        XCTAssertEqual(errors(fleet(address: "fd00::2")).map(\.message), [])
        XCTAssertEqual(errors(fleet(address: "db-1.example.org", owner: "_svc", group: "users", mode: "0440", zone: "home.arpa")).map(\.message), [])
    }

    func testDeployUsersAreUserNames() {
        for user in ["x$(touch /tmp/p)", "", "Root", "a b", "-rf", String(repeating: "a", count: 33)] {
            assertRefused(fleet(sshUser: user), "which is not a user name")
        }
    }

    func testAddressesAreHostNamesOrIPAddresses() {
        for address in ["h;id", "a b", "$(id)", "10.0.0.256", "fd00::zz", "-oProxyCommand=x", "host.", ""] {
            assertRefused(fleet(address: address), "has an invalid address")
        }
    }

    func testLanInterfacesAreLinuxInterfaceNames() {
        for interface in ["e;reboot", "$(reboot)", "eth 0", "a/b", "0123456789abcdef", ".."] {
            assertRefused(fleet(interfaces: [interface]), "has an invalid lan interface")
        }
    }

    func testSecretOwnersGroupsAndModesAreWhatChownAndChmodTake() {
        assertRefused(fleet(owner: "root; touch /p #"), "has owner \"root; touch /p #\", which is not a user name")
        assertRefused(fleet(group: "$(id)"), "which is not a group name")
        for mode in ["0444; rm -rf /", "u+rw", "9", "04000"] { assertRefused(fleet(mode: mode), "a mode is three or four octal digits") }
    }

    func testDNSZonesAreDomainNames() {
        for zone in ["lan\"\nlocal-data: \"x", "lan.\"x", "a..b", "lan."] {
            assertRefused(fleet(zone: zone), "which is not a domain name")
        }
    }

    func testNixpkgsIsAFlakeReference() {
        assertRefused(fleet(nixpkgs: ""), "is not a flake reference: it is empty")
        assertRefused(fleet(nixpkgs: "github:NixOS/nixpkgs/nixos-26.05\"; x = \""), "is not a flake reference")
    }

    /// new-host asks the same rules.
    func testNewHostAsksTheSameRules() throws {
        let directory = Tools.temporaryDirectory("downstream")
        let scaffolder = Scaffolder(fleetDirectory: directory.appendingPathComponent("Sources/Fleet"), outputDirectory: directory, templates: Templates(directory: nil))
        for (address, interfaces) in [("h;id", ["eth0"]), ("10.0.0.9", ["e;reboot"])] {
            XCTAssertThrowsError(try scaffolder.newHost(name: "new", system: .x86_64Linux, address: address, lanInterfaces: interfaces, roles: []))
        }
    }
}
