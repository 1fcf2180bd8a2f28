import NixGen
import NixGenCLICore
import NixGenGenerator
import XCTest

/// One test per rule: the message, the severity and the user's line.
final class ValidationTests: XCTestCase {
    let file = #filePath
    static let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGtleWZvcnZhbGlkYXRpb250ZXN0c29ubHkxMjM0NTY3"
    static let admins = ["ops": [key]]
    static let hardware = Import("hardware/host.nix")

    /// Asserts exactly one diagnostic of `severity` containing `message`, located where the model
    /// recorded the offending declaration, with a note at `note` when given.
    func expect(_ fleet: Fleet, _ message: String, at location: SourceLocation, note: SourceLocation? = nil,
                        severity: Diagnostic.Severity = .error, caller: UInt = #line) {
        let found = Validator.validate(fleet).filter { $0.severity == severity }
        XCTAssertEqual(found.count, 1, "expected one \(severity): \(found.map { $0.formatted() })", line: caller)
        guard let diagnostic = found.first else { return }
        XCTAssertTrue(diagnostic.message.contains(message), "\(diagnostic.message) lacks \(message)", line: caller)
        XCTAssertEqual(diagnostic.location.file, location.file, line: caller)
        XCTAssertEqual(diagnostic.location, location, "wrong place for \(diagnostic.message)", line: caller)
        if let note { XCTAssertEqual(diagnostic.notes.map(\.location), [note], line: caller) }
    }

    func host(_ name: String = "h", file: String = #filePath, line: Int = #line,
                      @HostBuilder _ content: () -> HostBuilder.Component = { [] }) -> NixGen.Host {
        // One address per host name: two hosts sharing one is an error of its own.
        let address = Names.hostNameProblem(name) == nil ? "\(name).lan" : "10.0.0.1"
        var host = Host(name, system: .x86_64Linux, address: address, lanInterfaces: ["enp1s0"], stateVersion: "26.05",
                               hostKey: Self.key, file: file, line: line, content)
        host.imports.append(Import("hardware/host.nix"))
        return host
    }

    func testValidFleetHasNoDiagnostics() {
        XCTAssertEqual(Validator.validate(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host() }), [])
    }

    func testDuplicateHostNames() {
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host("a"); host("a") }
        expect(fleet, "host \"a\" is declared more than once", at: fleet.hosts[1].location, note: fleet.hosts[0].location)
    }

    func testDuplicateServiceDefinitions() {
        let one = Service("web") { Port("http", 80) }
        let two = Service("web") { Port("http", 81) }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { one; two } }, "service \"web\" is declared more than once", at: two.location, note: one.location)
    }

    func testDuplicateRoleDefinitions() {
        // Each kept, on different hosts too: a role is compared with those of its name only.
        let one = Role("base") { Enable("services.openssh") }
        let two = Role("base") { Enable("services.fail2ban") }
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host("a") { one }; host("b") { two; one } }
        expect(fleet, "role \"base\" is declared more than once", at: two.location, note: one.location)
        XCTAssertEqual(fleet.roles.count, 2)
    }

    func testRepeatedAssignmentsWarnAtTheRepeat() {
        let web = Service("web") { Port("http", 8080) }
        let base = Role("base") { Enable("services.openssh") }
        let services = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { web; web } }
        expect(services, "is assigned service \"web\" more than once", at: services.hosts[0].services[1].location, severity: .warning)
        let roles = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { base; base } }
        expect(roles, "is given role \"base\" more than once", at: roles.hosts[0].roles[1].location, severity: .warning)
        // Past a host's usual handful, assignments are found repeated by hashing instead.
        let others = (0..<20).map { Service("s\($0)") }
        let many = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { for other in others { other }; web; web } }
        expect(many, "is assigned service \"web\" more than once", at: many.hosts[0].services[21].location, severity: .warning)
    }

    func testInvalidHostNames() {
        for name in ["", "Atlas", "-edge", "edge-", "a_b", "a.b", "../x", String(repeating: "a", count: 64)] {
            let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host(name) }
            expect(fleet, "invalid host name", at: fleet.hosts[0].location)
        }
    }

    func testInvalidServiceNames() {
        for name in ["", "..", "a/b", "-x", ".hidden", "sp ace"] {
            let service = Service(name)
            expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { service } }, "invalid service name", at: service.location)
        }
    }

    func testPortOutOfRange() {
        for number in [0, -1, 65536] {
            let service = Service("s") { Port("p", number) }
            expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { service } }, "outside 1–65535", at: service.ports[0].location)
        }
    }

    func testTwoServicesClaimOnePortOnAHost() {
        let forgejo = Service("forgejo") { Port("http", 3000) }
        let grafana = Service("grafana") { Port("http", 3000) }
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            host("atlas") {
                forgejo
                grafana
            }
        }
        expect(fleet, "port 3000/tcp on atlas is claimed by forgejo and grafana", at: fleet.hosts[0].services[1].location,
               note: fleet.hosts[0].services[0].location)
    }

    func testSamePortDifferentProtocolsIsFine() {
        let dns = Service("dns") { Port("udp", 53, .udp); Port("tcp", 53, .tcp) }
        XCTAssertEqual(Validator.validate(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { dns } }), [])
    }

    func testOnePortNameWithTwoNumbers() {
        let service = Service("s") {
            Port("http", 80)
            Port("http", 81)
        }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { service } }, "port \"http\" of \"s\" is declared with two numbers, 80/tcp and 81/tcp",
               at: service.ports[1].location, note: service.ports[0].location)
    }

    func testDependencyOnUndeclaredService() {
        let app = Service("app") { Requires("postgress") }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { app } }, "requires \"postgress\", which is not a declared service", at: app.dependencies[0].location)
    }

    func testDependencyThatRunsNowhere() {
        let db = Service("db")
        let app = Service("app") { Requires(db) }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { app } }, "requires \"db\", which runs on no host", at: app.dependencies[0].location)
    }

    func testSameHostDependencyOnAnotherHost() {
        let db = Service("db")
        let app = Service("app") { Requires(db, on: .sameHost) }
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            host("one") { db }
            host("two") { app }
        }
        expect(fleet, "\"app\" on two requires \"db\" on the same host, but two does not run it", at: fleet.hosts[1].services[0].location)
    }

    func testDependencyCycle() {
        let a = Service("a") { Requires("b") }
        let b = Service("b") { Requires("a") }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { a; b } }, "dependency cycle: a → b → a", at: a.dependencies[0].location)
    }

    /// Every host has a system (the DSL requires one); one that is neither Linux nor Darwin is an error.
    func testHostWithAForeignSystem() {
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { Host("plan9", system: "x86_64-plan9", address: "10.0.0.1") { Self.hardware } }
        expect(fleet, "host \"plan9\" has the system \"x86_64-plan9\", which is neither a Linux nor a Darwin system", at: fleet.hosts[0].location)
    }

    func testUnknownServiceAssignmentSuggestsAName() throws {
        let grafana = Service("grafana")
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            grafana
            host {
                Runs("grafanna")
            }
        }
        expect(fleet, "runs \"grafanna\", which is not a declared service", at: fleet.hosts[0].services[0].location)
        XCTAssertEqual(Validator.validate(fleet).first?.hint, "did you mean \"grafana\"?")
    }

    func testUnknownRoleAssignment() {
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            host {
                HasRole("sever")
            }
        }
        expect(fleet, "has role \"sever\", which is not a declared role", at: fleet.hosts[0].roles[0].location)
    }

    func testPrivilegedPublicPortWarnsUnlessDeclared() {
        let proxy = Service("proxy") { Port("http", 80, exposure: .public) }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { proxy } }, "port 80/tcp of \"proxy\" is privileged and exposed publicly", at: proxy.ports[0].location, severity: .warning)
        let declared = Service("proxy") { Port("http", 80, exposure: .public, privileged: true) }
        XCTAssertEqual(Validator.validate(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { declared } }), [])
    }

    func testSettingTwiceAndOverlapping() {
        let service = Service("s") {
            Setting("services.s.enable", true)
            Setting("services.s.enable", false)
        }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { service } }, "sets services.s.enable twice", at: service.settings[1].location, note: service.settings[0].location)
        let overlap = Service("s") {
            Port("p", 1000, boundTo: "services.s.port")
            Setting("services.s.port.x", 1)
        }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { overlap } }, "sets both services.s.port and services.s.port.x", at: overlap.settings[0].location)
    }

    func testHostSettingOfAReservedOption() {
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            host {
                Setting("networking.hostName", "other")
            }
        }
        expect(fleet, "setting networking.hostName sets networking.hostName, which nixgen writes from the host's name", at: fleet.hosts[0].settings[0].location)
    }

    func testNulCannotReachNix() {
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            host {
                Setting("x.y", "a\u{0}b")
            }
        }
        expect(fleet, "contains a NUL character", at: fleet.hosts[0].settings[0].location)
    }

    /// Nix cuts a string at a NUL without a word: every string that reaches Nix is checked,
    /// including the host's system, a service's unit, the fleet's ssh user and nixpkgs.
    func testNulCannotReachNixThroughAnyField() {
        let unit = Service("u", unit: "unit\u{0}x")
        expect(Fleet(stateVersion: "26.05", admins: Self.admins) { host { unit } }, "contains a NUL character", at: unit.location)
        let system = Fleet(stateVersion: "26.05", admins: Self.admins) { Host("s", system: "x86_64-linux\u{0}", address: "10.0.0.1") { Self.hardware } }
        XCTAssertTrue(Validator.validate(system).contains { $0.message.contains("contains a NUL character") && $0.location == system.hosts[0].location })
        let fleet = Fleet(nixpkgs: "github:NixOS/nixpkgs/nixos-26.05\u{0}", stateVersion: "26.05",
                          deployment: Deployment(sshUser: "de\u{0}ploy"), admins: Self.admins) { host() }
        let nuls = Validator.validate(fleet).filter { $0.message.contains("contains a NUL character") }
        XCTAssertEqual(nuls.count, 2)
        XCTAssertTrue(nuls.allSatisfy { $0.location == fleet.location })
    }

    func testSubnormalFloatsCannotReachNix() {
        let service = Service("f") { Setting("services.f.tiny", 1e-310) }
        expect(Fleet(stateVersion: "26.05", admins: Self.admins) { host { service } }, "holds an infinite, NaN or subnormal number",
               at: service.settings[0].location)
    }

    /// Nesting past the limit is a located error, never a stack overflow, even 25,000 levels deep.
    func testDeepNestingIsALocatedErrorNotACrash() {
        var value: NixValue = 1
        for level in 0..<25_000 { value = level.isMultiple(of: 2) ? [value] : ["k": value] }
        let service = Service("deep") { Setting("services.deep.value", value) }
        expect(Fleet(stateVersion: "26.05", admins: Self.admins) { host { service } }, "nests lists or attribute sets more than 100 levels deep",
               at: service.settings[0].location)
        var fine: NixValue = 1
        for _ in 0..<100 { fine = [fine] }
        let shallow = Service("shallow") { Setting("services.shallow.value", fine) }
        XCTAssertEqual(Validator.validate(Fleet(stateVersion: "26.05", admins: Self.admins) { host { shallow } }), [])
    }

    /// A role and a host (or two services) giving one option different single values would stop
    /// NixOS with "conflicting definition values" naming generated files: a located error here,
    /// with a note at the other place. Equal values and lists (which merge) are fine.
    func testConflictingDefinitionsAcrossHostRoleAndService() {
        let utc = Role("utc") { Setting("time.timeZone", "UTC"); Setting("boot.kernelModules", ["kvm"]) }
        let fleet = Fleet(stateVersion: "26.05", admins: Self.admins) {
            host {
                utc
                Setting("time.timeZone", "Europe/Berlin")
                Setting("boot.kernelModules", ["kvm-intel"])
            }
        }
        expect(fleet, "time.timeZone on h is set to \"UTC\" by role \"utc\" and to \"Europe/Berlin\" by host \"h\"",
               at: fleet.hosts[0].settings[0].location, note: utc.settings[0].location)
        let one = Service("one") { Setting("services.shared.port", 1) }
        let two = Service("two") { Setting("services.shared", ["port": 2, "enable": true]) }
        let services = Fleet(stateVersion: "26.05", admins: Self.admins) { host { one; two } }
        expect(services, "services.shared.port on h is set to 1 by service \"one\" and to 2 by service \"two\"",
               at: two.settings[0].location, note: one.settings[0].location)
        let same = Role("same") { Setting("time.timeZone", "UTC") }
        XCTAssertEqual(Validator.validate(Fleet(stateVersion: "26.05", admins: Self.admins) {
            host { same; Setting("time.timeZone", "UTC") }
        }), [], "the same value twice is no conflict")
    }

    func testImportMustStayInsideNixFolder() {
        let fleet = Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) {
            host {
                Import("../../etc/passwd.nix")
            }
        }
        expect(fleet, "imports \"../../etc/passwd.nix\": it has an empty, '.' or '..' component", at: fleet.hosts[0].imports[0].location)
    }

    func testPortReferenceMustNameADeclaredPort() {
        let service = Service("mqtt") {
            Port("mqtt", 1883)
            Setting("services.mosquitto.listeners", [["port": .port("mqt")]])
        }
        expect(Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins) { host { service } }, "refers to port \"mqt\", which the service does not declare", at: service.settings[0].location)
    }
}
