import NixGen
import NixGenGenerator
import XCTest

/// One test per rule on references and derived wiring: the message and the user's line.
extension ValidationTests {
    private func fleet(@FleetBuilder _ content: () -> FleetBuilder.Component) -> Fleet {
        Fleet(stateVersion: "26.05", darwinStateVersion: 6, admins: Self.admins, content)
    }

    private static let web = Service("web") { Port("http", 8080, exposure: .lan) }

    func testReferenceToAnUndeclaredServiceNamesTheSettingAndSuggests() {
        let setting = Setting("services.proxy.port", .port(of: "wbe", "http"))
        let proxy = Service("proxy") { setting }
        expect(fleet { host("a") { proxy; Self.web } }, "setting services.proxy.port refers to service \"wbe\", which the fleet does not declare",
               at: setting.location)
        let hint = Validator.validate(fleet { host("a") { proxy; Self.web } }).first?.hint
        XCTAssertEqual(hint, "did you mean \"web\"?")
    }

    func testReferenceToAnUndeclaredPortOfAnotherService() {
        let setting = Setting("services.proxy.port", .port(of: Self.web, "https"))
        expect(fleet { host("a") { Service("proxy") { setting }; Self.web } },
               "refers to port \"https\" of \"web\", which the service does not declare", at: setting.location)
    }

    func testEndpointOfAServiceOnTwoHostsIsAnError() {
        let setting = Setting("services.proxy.upstream", .endpoint(of: "web", "http"))
        expect(fleet { host("a") { Service("proxy") { setting }; Self.web }; host("b") { Self.web } },
               "refers to the endpoint of \"web\", which runs on 2 hosts (\"a\", \"b\"), not on exactly one", at: setting.location)
    }

    func testEndpointsReachingAHostWithoutAnAddress() {
        let setting = Setting("services.prometheus.targets", .endpoints(of: "agent", "metrics"))
        let agent = Service("agent") { Supports(.nixos, .darwin); Port("metrics", 9100, exposure: .lan) }
        expect(fleet { host("a") { Service("prometheus") { setting } }; Host("mac", system: .aarch64Darwin) { agent } },
               "reaches \"agent\" on \"mac\", which has no address", at: setting.location)
    }

    func testAddressOfAnUndeclaredHost() {
        let setting = Setting("networking.nameservers", [.address(of: "dns1")])
        expect(fleet { host("a") { setting } }, "refers to host \"dns1\", which the fleet does not declare", at: setting.location)
    }

    func testSecretWithoutItsServiceOutsideAService() {
        let setting = Setting("services.x.passwordFile", .secret("password"))
        expect(fleet { host("a") { setting } }, "refers to secret \"password\" without naming its service", at: setting.location)
    }

    func testSecretOfAServiceTheHostDoesNotRun() {
        let vault = Service("vault") { Secret("token", file: "secrets/vault/token.age") }
        let setting = Setting("services.x.tokenFile", .secret("token", of: "vault"))
        expect(fleet { host("a") { setting }; host("b") { vault } },
               "refers to a secret of \"vault\", which \"a\" does not run", at: setting.location)
    }

    func testListInsideAStringIsAnError() {
        let setting = Setting("services.x.flags", "--peers=\(NixValue.hosts(running: "web"))")
        expect(fleet { host("a") { Service("x") { setting }; Self.web } },
               "puts a value into a string that is not text or a number (a list-valued reference)", at: setting.location)
    }

    func testPriorityInsideAListIsAnError() {
        let setting = Setting("environment.etc.hosts", [.mkForce("x")])
        expect(fleet { host("a") { setting } }, "uses lib.mkForce inside a list", at: setting.location)
    }

    func testRawNixWithAnArgumentThatIsNotAnIdentifier() {
        let setting = Setting("environment.systemPackages", .nix("[ pkgs.htop ]", arguments: ["pkgs; x"]))
        expect(fleet { host("a") { setting } }, "gives the raw Nix expression the argument \"pkgs; x\"", at: setting.location)
    }

    func testVirtualHostsOutsideAServiceHaveNoProxy() {
        let setting = Setting("services.nginx.virtualHosts", .virtualHosts)
        expect(fleet { host("a") { setting } }, "derives virtual hosts outside a service", at: setting.location)
    }

    func testTwoHostsWithOneAddress() {
        let first = Host("a", system: .x86_64Linux, address: "10.0.0.9", stateVersion: "26.05") { Self.hardware }
        let second = Host("b", system: .x86_64Linux, address: "10.0.0.9", stateVersion: "26.05") { Self.hardware }
        expect(fleet { first; second }, "host \"b\" has the address \"10.0.0.9\", which \"a\" has too",
               at: second.location, note: first.location)
    }

    func testDomainOfAServiceOnTwoHosts() {
        let domain = Domain("web.example.org", port: "http")
        let web = Service("web") { Port("http", 8080, exposure: .lan); domain }
        let nginx = Service("nginx") { Setting("services.nginx.virtualHosts", .virtualHosts) }
        expect(fleet { host("a") { web; nginx }; host("b") { web } },
               "domain \"web.example.org\" of \"web\" needs the service on exactly one host, but it runs on 2", at: domain.location)
    }

    func testDomainProxiedFromAnotherHostToALocalPort() {
        let domain = Domain("web.example.org", port: "http")
        let web = Service("web") { Port("http", 8080, exposure: .local); domain }
        expect(fleet { host("a") { web }; host("b") { Service("nginx") } },
               "is proxied from \"b\", which cannot reach port \"http\" on \"a\": it is local", at: domain.location)
    }

    func testDomainForwardingToAnUndeclaredPort() {
        let domain = Domain("web.example.org", port: "htp")
        expect(fleet { host("a") { Service("web") { Port("http", 8080, exposure: .lan); domain }; Service("nginx") } },
               "forwards to port \"htp\", which the service does not declare", at: domain.location)
    }

    func testMeshMemberWithABadKeyAndNoPort() {
        let member = Mesh("wg0", address: "10.100.0.1/24", publicKey: "not a key")
        let wireguard = Service("wireguard") { Port("wg1", 51820, .udp, exposure: .public) }
        let found = Validator.validate(fleet { host("a") { member; wireguard } }).filter { $0.location == member.location }
        XCTAssertEqual(found.map(\.message), [
            "mesh \"wg0\" of \"a\" has a public key that is not a WireGuard key",
            "mesh \"wg0\" of \"a\" is reached on port \"wg0\" of \"wireguard\", which the service does not declare",
        ])
    }

    func testAHostReadingAMeshItIsNotAMemberOf() {
        let setting = Setting("networking.wireguard.interfaces.wg0.peers", .meshPeers("wg0"))
        let wireguard = Service("wireguard") { Port("wg0", 51820, .udp, exposure: .public); setting }
        let member = Mesh("wg0", address: "10.100.0.1/24", publicKey: "PYhOMvMBfnzWdSCXHr65PbCkhWEEcFXSIdsUn20V8r4=")
        expect(fleet { host("a") { wireguard; member }; host("b") { wireguard } },
               "reads mesh \"wg0\" on \"b\", which is not a member", at: setting.location)
    }

    func testAKeyGivenTwiceInOneLiteralIsAnError() {
        let setting = Setting("services.x.settings", ["port": 1, "mode": "a", "port": 2])
        expect(fleet { host("a") { setting } }, "setting services.x.settings names \"port\" twice in one attribute set", at: setting.location)
    }

    func testNamesThatDifferOnlyInNormalisationAreTwoNamesAsInNix() throws {
        // "é" precomposed and "e" + combining acute: equal Swift strings, two Nix attribute names.
        let first = Setting(AttrPath(["services", "x", "caf\u{E9}"]), 1)
        let second = Setting(AttrPath(["services", "x", "cafe\u{301}"]), 2)
        let literal = Setting("services.y", ["caf\u{E9}": 1, "cafe\u{301}": 2])
        let fleet = fleet { host("a") { first; second; literal } }
        XCTAssertEqual(Validator.validate(fleet), [])
        let text = try XCTUnwrap(NixGenGenerator.Generator.run(fleet).tree?.files["nix/hosts/a.nix"])
        XCTAssertEqual(text.components(separatedBy: "\"caf\u{E9}\" = 1;").count, 3, text)
        XCTAssertEqual(text.components(separatedBy: "\"cafe\u{301}\" = 2;").count, 3, text)
    }

    func testDefaultInARoleAndAHostValueDoNotConflict() {
        let role = Role("server") { Setting("time.timeZone", .mkDefault("UTC")) }
        XCTAssertEqual(Validator.validate(fleet { host("a") { role; Setting("time.timeZone", "Europe/Paris") } }), [])
        let forced = Role("server") { Setting("time.timeZone", .mkForce("UTC")) }
        let clash = Setting("time.timeZone", .mkForce("Europe/Paris"))
        expect(fleet { host("a") { forced; clash } }, "time.timeZone on a is set to lib.mkForce \"UTC\" by role \"server\" and to lib.mkForce \"Europe/Paris\" by host \"a\"",
               at: clash.location)
    }

    func testADeclarationLeftOutOfTheFleetIsAnErrorAtItsLine() {
        let path = "/fleet/Sources/Fleet/Hosts/more.swift"
        let text = """
            import NixGen

            let a = Host("a", system: .x86_64Linux)

            public let zeus: Host = Host("zeus", system: .x86_64Linux)
            // let old = Host("old", system: .x86_64Linux)
            let web = Service("web")

            """
        let listed = fleet { host("a", file: path, line: 3) }
        let found = Validator.validate(listed, sources: [FleetSource(path: path, text: text)])
        XCTAssertEqual(found.map { $0.formatted(relativeTo: "/fleet") }, [
            "Sources/Fleet/Hosts/more.swift:5:25: error: this host is declared but not part of the fleet, so nothing is rendered for it\n"
                + "    hint: add it to allHosts, or delete the declaration",
            "Sources/Fleet/Hosts/more.swift:7:11: error: this service is declared but not part of the fleet, so nothing is rendered for it\n"
                + "    hint: add it to allServices, or delete the declaration",
        ])
    }
}
