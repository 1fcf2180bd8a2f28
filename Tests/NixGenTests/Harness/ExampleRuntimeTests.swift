import Foundation
import NixGenTestSupport
import XCTest

/// What evaluation never refuses but the services themselves would: the example fleet's evaluated
/// configuration (recorded where the upstream sources are absent) is one they start and serve with.
final class ExampleRuntimeTests: XCTestCase {
    private func value(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> Any {
        try Evaluations.of("example").probe("fleet.nixosConfigurations.\(path)", file: file, line: line)
    }

    /// Loki 3 does not start without a schema, storage and a ring: a single-binary configuration.
    func testLokiHasEverythingLoki3NeedsToStart() throws {
        let configuration = try XCTUnwrap(try value("demeter.config.services.loki.configuration") as? [String: Any])
        let schemas = try XCTUnwrap((configuration["schema_config"] as? [String: Any])?["configs"] as? [[String: Any]])
        XCTAssertEqual(schemas.first?["store"] as? String, "tsdb")
        XCTAssertEqual(schemas.first?["schema"] as? String, "v13")
        XCTAssertEqual(schemas.first?["object_store"] as? String, "filesystem")
        let common = try XCTUnwrap(configuration["common"] as? [String: Any])
        XCTAssertNotNil((common["storage"] as? [String: Any])?["filesystem"], "chunks on the local disk")
        XCTAssertEqual(((common["ring"] as? [String: Any])?["kvstore"] as? [String: Any])?["store"] as? String, "inmemory")
        XCTAssertEqual(common["replication_factor"] as? Int, 1)
        XCTAssertEqual((configuration["server"] as? [String: Any])?["grpc_listen_address"] as? String, "127.0.0.1",
                       "the internal gRPC port listens on loopback only")
    }

    /// extraComponents replaces the module's default list: default_config (frontend, onboarding) stays.
    func testHomeAssistantKeepsItsDefaultConfig() throws {
        let components = try XCTUnwrap(try value("hestia.config.services.home-assistant.extraComponents") as? [String])
        XCTAssertTrue(Set(components).isSuperset(of: ["default_config", "met", "mqtt"]), "\(components)")
        let config = try XCTUnwrap(try value("hestia.config.services.home-assistant.config") as? [String: Any])
        XCTAssertNotNil(config["default_config"])
    }

    func testTheRunnerIsForgejosOwn() throws {
        XCTAssertEqual(try value("boreas.config.services.gitea-actions-runner.package.pname") as? String, "forgejo-runner")
    }

    /// Served by nginx over https at its Domain, with its signing key read from a secret file.
    func testGrafanaKnowsItsPublicURLAndReadsItsKeyFromASecret() throws {
        let settings = try XCTUnwrap(try value("demeter.config.services.grafana.settings") as? [String: Any])
        let server = try XCTUnwrap(settings["server"] as? [String: Any])
        XCTAssertEqual(server["root_url"] as? String, "https://grafana.example.org/")
        XCTAssertEqual(server["domain"] as? String, "grafana.example.org")
        let security = try XCTUnwrap(settings["security"] as? [String: Any])
        XCTAssertEqual(security["secret_key"] as? String, "$__file{/run/grafana-keys/secret-key}")
        let secrets = try XCTUnwrap(try value("demeter.config.secrix.services.grafana.secrets") as? [String: [String: Any]])
        XCTAssertNotNil(secrets["secret-key"], "the key is a secrix secret, never a literal")
        let vhosts = try XCTUnwrap(try value("eos.config.services.nginx.virtualHosts") as? [String: [String: Any]])
        let vhost = try XCTUnwrap(vhosts["grafana.example.org"])
        XCTAssertTrue(vhost["forceSSL"] as? Bool == true || vhost["addSSL"] as? Bool == true, "\(vhost)")
        let certs = try XCTUnwrap(try value("eos.config.security.acme.certs") as? [String: [String: Any]])
        XCTAssertNotNil(certs["grafana.example.org"]?["email"] as? String)
    }

    /// Clients and DLNA renderers find jellyfin on the LAN.
    func testJellyfinsDiscoveryPortsAreOpenOnTheLAN() throws {
        let example = try Evaluations.of("example")
        for host in ["helios", "orion"] {
            let firewall = try XCTUnwrap(example.nixos[host]?["firewall"] as? [String: Any])
            let lan = try XCTUnwrap((firewall["interfaces"] as? [String: [String: Any]])?["enp1s0"])
            XCTAssertEqual(Set(lan["allowedUDPPorts"] as? [Int] ?? []), [1900, 7359], host)
            XCTAssertFalse((firewall["allowedUDPPorts"] as? [Int] ?? []).contains(1900), "\(host): the LAN only")
        }
    }
}
