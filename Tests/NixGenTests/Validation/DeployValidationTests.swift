import NixGen
import NixGenCLICore
import NixGenGenerator
import XCTest

/// Rules on platforms, secrets, deployment, state versions and the diagnostics' form.
extension ValidationTests {
    func testNixOSOnlyServiceOnDarwinHost() {
        let service = Service("nginx")
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            Host("mac", system: .aarch64Darwin, address: "10.0.0.9") {
                service
            }
        }
        expect(fleet, "service \"nginx\" runs only on nixos, but host \"mac\" is darwin", at: fleet.hosts[0].services[0].location)
    }

    func testDuplicateSecretNames() {
        let service = Service("s") {
            Secret("key", file: "secrets/a.age")
            Secret("key", file: "secrets/b.age")
        }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { service } }, "declares secret \"key\" twice", at: service.secrets[1].location, note: service.secrets[0].location)
    }

    func testSecretFileLivesUnderSecrets() {
        let service = Service("s") {
            Secret("key", file: "keys/key.age")
        }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { service } }, "has file \"keys/key.age\": it is not under secrets/", at: service.secrets[0].location)
    }

    /// Reported at the host, where the key is missing, with a note at each service that brings a
    /// secret there (through a role too).
    func testSecretsNeedTheHostKey() {
        let service = Service("s") { Secret("key", file: "secrets/s/key.age") }
        let other = Service("t") { Secret("a", file: "secrets/t/a.age"); Secret("b", file: "secrets/t/b.age") }
        let role = Role("r") { other }
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            Host("nokey", system: .x86_64Linux, address: "10.0.0.1") {
                service
                role
                Self.hardware
            }
        }
        expect(fleet, "host \"nokey\" has no hostKey, but secrets are encrypted to it", at: fleet.hosts[0].location)
        let diagnostic = Validator.validate(fleet).first { $0.message.contains("has no hostKey") }
        XCTAssertEqual(diagnostic?.notes.map(\.message), ["runs \"s\", which brings secret \"key\" here", "runs \"t\", which brings secrets \"a\", \"b\" here"])
        XCTAssertEqual(diagnostic?.notes.first?.location, fleet.hosts[0].services[0].location)
    }

    func testSecretsCannotGoToDarwinHosts() {
        let service = Service("s") { Supports(.darwin); Secret("key", file: "secrets/s/key.age") }
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            Host("mac", system: .aarch64Darwin, address: "10.0.0.1") {
                service
            }
        }
        expect(fleet, "is a Mac, and secrets need secrix, which is NixOS-only", at: fleet.hosts[0].location,
               note: fleet.hosts[0].services[0].location)
    }

    func testNixOSHostNeedsAnAddress() {
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { Host("noaddress", system: .x86_64Linux) { Self.hardware } }
        expect(fleet, "host \"noaddress\" has no address, so it cannot be deployed", at: fleet.hosts[0].location)
        XCTAssertEqual(Validator.validate(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { Host("mac", system: .aarch64Darwin) }), [], "a Mac may deploy locally")
    }

    func testHostNamedLikeAFlakeApp() {
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host("conftest") }
        expect(fleet, "would clash with the flake app of the same name", at: fleet.hosts[0].location)
    }

    func testHostKeyMustBeAPublicKey() {
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { Host("k", system: .x86_64Linux, address: "10.0.0.1", hostKey: "-----BEGIN OPENSSH PRIVATE KEY-----") { Self.hardware } }
        expect(fleet, "has a host key that is not a well-formed SSH public key", at: fleet.hosts[0].location)
    }

    func testRecipientsAreLocatedAtTheFleet() {
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins, recipients: ["ops": ["not a key"]]) { host() }
        expect(fleet, "secret recipient \"ops\" has a key that is not a well-formed SSH public key", at: fleet.location)
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
        let fleet = Fleet(admins: Self.admins) { Host("old", system: .x86_64Linux, address: "10.0.0.1") { Self.hardware } }
        expect(fleet, "host \"old\" has no stateVersion", at: fleet.hosts[0].location)
        let mac = Fleet(stateVersion: "26.05") { Host("mac", system: .aarch64Darwin) }
        expect(mac, "host \"mac\" has no stateVersion", at: mac.hosts[0].location)
    }

    func testStateVersionOfTheWrongPlatform() {
        let nixos = Fleet(admins: Self.admins) {
            Host("mixed", system: .x86_64Linux, address: "10.0.0.1", stateVersion: 6) { Self.hardware }
        }
        expect(nixos, "host \"mixed\" has stateVersion 6, but a nixos host's is a release such as \"26.05\"", at: nixos.hosts[0].location)
        let darwin = Fleet { Host("mac", system: .aarch64Darwin, stateVersion: "24.05") }
        expect(darwin, "host \"mac\" has stateVersion \"24.05\", but a darwin host's is a number such as 6", at: darwin.hosts[0].location)
        let outOfRange = Fleet { Host("mac", system: .aarch64Darwin, stateVersion: 9) }
        expect(outOfRange, "host \"mac\" has stateVersion 9, but a darwin host's is between 1 and 7", at: outOfRange.hosts[0].location)
    }

    func testFleetStateVersionsAreLocatedAtTheFleet() {
        let fleet = Fleet(stateVersion: "26.5", darwinStateVersion: 6, admins: Self.admins) { host() }
        expect(fleet, "the fleet's stateVersion \"26.5\" is not a NixOS release", at: fleet.location)
        let darwin = Fleet(stateVersion: "26.05", darwinStateVersion: 0, admins: Self.admins) { host() }
        expect(darwin, "the fleet's darwinStateVersion 0 is not between 1 and 7", at: darwin.location)
    }

    func testNixOSHostWithoutHardwareModule() {
        let fleet = Fleet(stateVersion: "26.05", admins: Self.admins) {
            Host("bare", system: .x86_64Linux, address: "10.0.0.1") { Import("modules/common.nix") }
        }
        expect(fleet, "host \"bare\" imports no hardware module", at: fleet.hosts[0].location)
        let role = Role("metal") { Import("hardware/shared.nix") }
        XCTAssertEqual(Validator.validate(Fleet(stateVersion: "26.05", admins: Self.admins) {
            Host("racked", system: .x86_64Linux, address: "10.0.0.1") { role }
        }), [], "a role may bring the hardware module")
    }

    func testLanPortsNeedLanInterfaces() {
        let web = Service("web") { Port("http", 80, exposure: .lan) }
        let fleet = Fleet(stateVersion: "26.05", admins: Self.admins) {
            Host("nolan", system: .x86_64Linux, address: "10.0.0.1") { web; Self.hardware }
        }
        expect(fleet, "host \"nolan\" opens lan ports (web.http) but declares no lanInterfaces", at: fleet.hosts[0].location)
        let bad = Fleet(stateVersion: "26.05", admins: Self.admins) {
            Host("badlan", system: .x86_64Linux, address: "10.0.0.1", lanInterfaces: ["en p1"]) { Self.hardware }
        }
        expect(bad, "host \"badlan\" has an invalid lan interface \"en p1\"", at: bad.hosts[0].location)
    }

    func testDeployedFleetNeedsAdmins() {
        let fleet = Fleet(stateVersion: "26.05") { host() }
        expect(fleet, "the fleet declares no admins, so nobody can log in to deploy its NixOS hosts", at: fleet.location)
        let bad = Fleet(stateVersion: "26.05", admins: ["ops": ["ssh-rsa"]]) { host() }
        expect(bad, "admin \"ops\" has a key that is not a well-formed SSH public key", at: bad.location)
    }

    func testDiagnosticPrintsLikeACompiler() {
        let diagnostic = Diagnostic.error("boom", at: SourceLocation(file: "/repo/Sources/Fleet/Hosts/atlas.swift", line: 12, column: 5),
                                          hint: "fix it")
        XCTAssertEqual(diagnostic.formatted(relativeTo: "/repo"), "Sources/Fleet/Hosts/atlas.swift:12:5: error: boom\n    hint: fix it")
        let duplicate = Diagnostic.error("host \"a\" is declared more than once",
                                         at: SourceLocation(file: "/repo/Sources/Fleet/Hosts/b.swift", line: 3, column: 11),
                                         notes: [.init("first declared here", at: SourceLocation(file: "/repo/Sources/Fleet/Hosts/a.swift", line: 3, column: 11))])
        XCTAssertEqual(duplicate.formatted(relativeTo: "/repo"), """
            Sources/Fleet/Hosts/b.swift:3:11: error: host "a" is declared more than once
            Sources/Fleet/Hosts/a.swift:3:11: note: first declared here
            """)
    }
}
