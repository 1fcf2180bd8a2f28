import NixGen
import NixGenCLICore
import NixGenGenerator
import XCTest

/// One test per rule: the message, the severity and the user's line.
final class ValidationTests: XCTestCase {
    private let file = #filePath
    static let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGtleWZvcnZhbGlkYXRpb250ZXN0c29ubHkxMjM0NTY3"
    static let admins = ["ops": [key]]
    static let hardware = Import("hardware/host.nix")

    /// Asserts exactly one diagnostic of `severity` containing `message`, located at `line`.
    private func expect(_ fleet: Fleet, _ message: String, line: Int, severity: Diagnostic.Severity = .error,
                        caller: UInt = #line) {
        let found = Validator.validate(fleet).filter { $0.severity == severity }
        XCTAssertEqual(found.count, 1, "expected one \(severity): \(found.map { $0.formatted() })", line: caller)
        guard let diagnostic = found.first else { return }
        XCTAssertTrue(diagnostic.message.contains(message), "\(diagnostic.message) lacks \(message)", line: caller)
        XCTAssertEqual(diagnostic.location.file, file, line: caller)
        XCTAssertEqual(diagnostic.location.line, line, "wrong line for \(diagnostic.message)", line: caller)
    }

    private func host(_ name: String = "h", file: String = #filePath, line: Int = #line,
                      @HostBuilder _ content: () -> HostBuilder.Component = { [] }) -> NixGen.Host {
        var host = Host(name, system: .x86_64Linux, address: "10.0.0.1", lanInterfaces: ["enp1s0"], stateVersion: "26.05",
                               hostKey: Self.key, file: file, line: line, content)
        host.imports.append(Import("hardware/host.nix"))
        return host
    }

    func testValidFleetHasNoDiagnostics() {
        XCTAssertEqual(Validator.validate(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host() }), [])
    }

    func testDuplicateHostNames() {
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host("a"); host("a") }; let line = #line
        expect(fleet, "host \"a\" is declared more than once", line: line)
    }

    func testDuplicateServiceDefinitions() {
        let one = Service("web") { Port("http", 80) }
        let two = Service("web") { Port("http", 81) }; let line = #line
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { one; two } }, "service \"web\" is declared more than once", line: line)
    }

    func testInvalidHostNames() {
        for name in ["", "Atlas", "-edge", "edge-", "a_b", "a.b", "../x", String(repeating: "a", count: 64)] {
            let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host(name) }; let line = #line
            expect(fleet, "invalid host name", line: line)
        }
    }

    func testInvalidServiceNames() {
        for name in ["", "..", "a/b", "-x", ".hidden", "sp ace"] {
            let service = Service(name); let line = #line
            expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { service } }, "invalid service name", line: line)
        }
    }

    func testPortOutOfRange() {
        for number in [0, -1, 65536] {
            let service = Service("s") { Port("p", number) }; let line = #line
            expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { service } }, "outside 1–65535", line: line)
        }
    }

    func testTwoServicesClaimOnePortOnAHost() {
        let forgejo = Service("forgejo") { Port("http", 3000) }
        let grafana = Service("grafana") { Port("http", 3000) }
        let line = #line + 4
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            host("atlas") {
                forgejo
                grafana
            }
        }
        expect(fleet, "port 3000/tcp on atlas is claimed by forgejo and grafana", line: line)
    }

    func testSamePortDifferentProtocolsIsFine() {
        let dns = Service("dns") { Port("udp", 53, .udp); Port("tcp", 53, .tcp) }
        XCTAssertEqual(Validator.validate(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { dns } }), [])
    }

    func testOnePortNameWithTwoNumbers() {
        let line = #line + 3
        let service = Service("s") {
            Port("http", 80)
            Port("http", 81)
        }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { service } }, "port \"http\" of \"s\" is declared with two numbers, 80/tcp and 81/tcp", line: line)
    }

    func testDependencyOnUndeclaredService() {
        let app = Service("app") { Requires("postgress") }; let line = #line
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { app } }, "requires \"postgress\", which is not a declared service", line: line)
    }

    func testDependencyThatRunsNowhere() {
        let db = Service("db")
        let app = Service("app") { Requires(db) }; let line = #line
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { app } }, "requires \"db\", which runs on no host", line: line)
    }

    func testSameHostDependencyOnAnotherHost() {
        let db = Service("db")
        let app = Service("app") { Requires(db, on: .sameHost) }
        let line = #line + 3
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            host("one") { db }
            host("two") { app }
        }
        expect(fleet, "\"app\" on two requires \"db\" on the same host, but two does not run it", line: line)
    }

    func testDependencyCycle() {
        let a = Service("a") { Requires("b") }; let line = #line
        let b = Service("b") { Requires("a") }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { a; b } }, "dependency cycle: a → b → a", line: line)
    }

    /// Every host has a system (the DSL requires one); one that is neither Linux nor Darwin is an error.
    func testHostWithAForeignSystem() {
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { Host("plan9", system: "x86_64-plan9", address: "10.0.0.1") { Self.hardware } }; let line = #line
        expect(fleet, "host \"plan9\" has the system \"x86_64-plan9\", which is neither a Linux nor a Darwin system", line: line)
    }

    func testUnknownServiceAssignmentSuggestsAName() throws {
        let grafana = Service("grafana")
        let line = #line + 4
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            grafana
            host {
                Runs("grafanna")
            }
        }
        expect(fleet, "runs \"grafanna\", which is not a declared service", line: line)
        XCTAssertEqual(Validator.validate(fleet).first?.hint, "did you mean \"grafana\"?")
    }

    func testUnknownRoleAssignment() {
        let line = #line + 3
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            host {
                HasRole("sever")
            }
        }
        expect(fleet, "has role \"sever\", which is not a declared role", line: line)
    }

    func testPrivilegedPublicPortWarnsUnlessDeclared() {
        let proxy = Service("proxy") { Port("http", 80, exposure: .public) }; let line = #line
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { proxy } }, "port 80/tcp of \"proxy\" is privileged and exposed publicly", line: line, severity: .warning)
        let declared = Service("proxy") { Port("http", 80, exposure: .public, privileged: true) }
        XCTAssertEqual(Validator.validate(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { declared } }), [])
    }

    func testSettingTwiceAndOverlapping() {
        let line = #line + 3
        let service = Service("s") {
            Setting("services.s.enable", true)
            Setting("services.s.enable", false)
        }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { service } }, "sets services.s.enable twice", line: line)
        let line2 = #line + 3
        let overlap = Service("s") {
            Port("p", 1000, boundTo: "services.s.port")
            Setting("services.s.port.x", 1)
        }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { overlap } }, "sets both services.s.port and services.s.port.x", line: line2)
    }

    func testHostSettingOfAReservedOption() {
        let line = #line + 3
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            host {
                Setting("networking.hostName", "other")
            }
        }
        expect(fleet, "sets networking.hostName, which nixgen sets from the declaration", line: line)
    }

    func testNulCannotReachNix() {
        let line = #line + 3
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            host {
                Setting("x.y", "a\u{0}b")
            }
        }
        expect(fleet, "contains a NUL character", line: line)
    }

    func testImportMustStayInsideNixFolder() {
        let line = #line + 3
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            host {
                Import("../../etc/passwd.nix")
            }
        }
        expect(fleet, "imports \"../../etc/passwd.nix\": it has an empty, '.' or '..' component", line: line)
    }

    func testPortReferenceMustNameADeclaredPort() {
        let line = #line + 3
        let service = Service("mqtt") {
            Port("mqtt", 1883)
            Setting("services.mosquitto.listeners", [["port": .port("mqt")]])
        }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { service } }, "refers to port \"mqt\", which the service does not declare", line: line)
    }

    func testNixOSOnlyServiceOnDarwinHost() {
        let service = Service("nginx")
        let line = #line + 3
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            Host("mac", system: .aarch64Darwin, address: "10.0.0.9") {
                service
            }
        }
        expect(fleet, "service \"nginx\" runs only on nixos, but host \"mac\" is darwin", line: line)
    }

    func testDuplicateSecretNames() {
        let line = #line + 3
        let service = Service("s") {
            Secret("key", file: "secrets/a.age")
            Secret("key", file: "secrets/b.age")
        }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { service } }, "declares secret \"key\" twice", line: line)
    }

    func testSecretFileLivesUnderSecrets() {
        let line = #line + 2
        let service = Service("s") {
            Secret("key", file: "keys/key.age")
        }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { service } }, "has file \"keys/key.age\": it is not under secrets/", line: line)
    }

    func testSecretsNeedTheHostKey() {
        let service = Service("s") { Secret("key", file: "secrets/s/key.age") }
        let line = #line + 3
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            Host("nokey", system: .x86_64Linux, address: "10.0.0.1") {
                service
                Self.hardware
            }
        }
        expect(fleet, "host \"nokey\" runs \"s\", whose secrets are encrypted to the host, but the host has no hostKey", line: line)
    }

    func testSecretsCannotGoToDarwinHosts() {
        let service = Service("s") { Supports(.darwin); Secret("key", file: "secrets/s/key.age") }
        let line = #line + 3
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            Host("mac", system: .aarch64Darwin, address: "10.0.0.1") {
                service
            }
        }
        expect(fleet, "whose secrets need secrix, which is NixOS-only", line: line)
    }

    func testNixOSHostNeedsAnAddress() {
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { Host("noaddress", system: .x86_64Linux) { Self.hardware } }; let line = #line
        expect(fleet, "host \"noaddress\" has no address, so it cannot be deployed", line: line)
        XCTAssertEqual(Validator.validate(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { Host("mac", system: .aarch64Darwin) }), [], "a Mac may deploy locally")
    }

    func testHostNamedLikeAFlakeApp() {
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host("conftest") }; let line = #line
        expect(fleet, "would clash with the flake app of the same name", line: line)
    }

    func testHostKeyMustBeAPublicKey() {
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { Host("k", system: .x86_64Linux, address: "10.0.0.1", hostKey: "-----BEGIN OPENSSH PRIVATE KEY-----") { Self.hardware } }
        let line = #line - 1
        expect(fleet, "has a host key that is not an SSH public key", line: line)
    }

    func testRecipientsAreLocatedAtTheFleet() {
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins, recipients: ["ops": ["not a key"]]) { host() }; let line = #line
        expect(fleet, "secret recipient \"ops\" has a key that is not an SSH public key", line: line)
    }

    func testAllErrorsAreReportedAtOnceAndSorted() {
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            Host("Bad", system: "x86_64-plan9")
            host { Runs("nothing") }
        }
        let diagnostics = Validator.validate(fleet)
        XCTAssertGreaterThanOrEqual(diagnostics.filter { $0.severity == .error }.count, 3)
        XCTAssertEqual(diagnostics, diagnostics.sorted())
    }

    // Deployability: state version, hardware, lan interfaces, admins.

    func testHostWithoutStateVersion() {
        let fleet = Fleet(admins: Self.admins) { Host("old", system: .x86_64Linux, address: "10.0.0.1") { Self.hardware } }; let line = #line
        expect(fleet, "host \"old\" has no stateVersion", line: line)
        let mac = Fleet(stateVersion: "26.05") { Host("mac", system: .aarch64Darwin) }; let macLine = #line
        expect(mac, "host \"mac\" has no stateVersion", line: macLine)
    }

    func testStateVersionOfTheWrongPlatform() {
        let nixos = Fleet(admins: Self.admins) {
            Host("mixed", system: .x86_64Linux, address: "10.0.0.1", stateVersion: 6) { Self.hardware }
        }; let line = #line - 1
        expect(nixos, "host \"mixed\" has stateVersion 6, but a nixos host's is a release such as \"26.05\"", line: line)
        let darwin = Fleet { Host("mac", system: .aarch64Darwin, stateVersion: "24.05") }; let darwinLine = #line
        expect(darwin, "host \"mac\" has stateVersion \"24.05\", but a darwin host's is a number such as 6", line: darwinLine)
        let outOfRange = Fleet { Host("mac", system: .aarch64Darwin, stateVersion: 9) }; let rangeLine = #line
        expect(outOfRange, "host \"mac\" has stateVersion 9, but a darwin host's is between 1 and 7", line: rangeLine)
    }

    func testFleetStateVersionsAreLocatedAtTheFleet() {
        let fleet = Fleet(stateVersion: "26.5", darwinStateVersion: 6, admins: Self.admins) { host() }; let line = #line
        expect(fleet, "the fleet's stateVersion \"26.5\" is not a NixOS release", line: line)
        let darwin = Fleet(stateVersion: "26.05", darwinStateVersion: 0, admins: Self.admins) { host() }; let darwinLine = #line
        expect(darwin, "the fleet's darwinStateVersion 0 is not between 1 and 7", line: darwinLine)
    }

    func testNixOSHostWithoutHardwareModule() {
        let fleet = Fleet(stateVersion: "26.05", admins: Self.admins) {
            Host("bare", system: .x86_64Linux, address: "10.0.0.1") { Import("modules/common.nix") }
        }; let line = #line - 1
        expect(fleet, "host \"bare\" imports no hardware module", line: line)
        let role = Role("metal") { Import("hardware/shared.nix") }
        XCTAssertEqual(Validator.validate(Fleet(stateVersion: "26.05", admins: Self.admins) {
            Host("racked", system: .x86_64Linux, address: "10.0.0.1") { role }
        }), [], "a role may bring the hardware module")
    }

    func testLanPortsNeedLanInterfaces() {
        let web = Service("web") { Port("http", 80, exposure: .lan) }
        let fleet = Fleet(stateVersion: "26.05", admins: Self.admins) {
            Host("nolan", system: .x86_64Linux, address: "10.0.0.1") { web; Self.hardware }
        }; let line = #line - 1
        expect(fleet, "host \"nolan\" opens lan ports (web.http) but declares no lanInterfaces", line: line)
        let bad = Fleet(stateVersion: "26.05", admins: Self.admins) {
            Host("badlan", system: .x86_64Linux, address: "10.0.0.1", lanInterfaces: ["en p1"]) { Self.hardware }
        }; let badLine = #line - 1
        expect(bad, "host \"badlan\" has an invalid lan interface \"en p1\"", line: badLine)
    }

    func testDeployedFleetNeedsAdmins() {
        let fleet = Fleet(stateVersion: "26.05") { host() }; let line = #line
        expect(fleet, "the fleet declares no admins, so nobody can log in to deploy its NixOS hosts", line: line)
        let bad = Fleet(stateVersion: "26.05", admins: ["ops": ["ssh-rsa"]]) { host() }; let badLine = #line
        expect(bad, "admin \"ops\" has a key that is not an SSH public key", line: badLine)
    }

    func testDiagnosticPrintsLikeACompiler() {
        let diagnostic = Diagnostic.error("boom", at: SourceLocation(file: "/repo/Sources/Fleet/Hosts/atlas.swift", line: 12, column: 5),
                                          hint: "fix it")
        XCTAssertEqual(diagnostic.formatted(relativeTo: "/repo"), "Sources/Fleet/Hosts/atlas.swift:12:5: error: boom\n    hint: fix it")
    }
}
