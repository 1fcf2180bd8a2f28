import FleetDefinition
import Foundation
import NixGen
import NixGenCLICore
import NixGenTestSupport
import XCTest

/// The stand-in NixOS modules (Tests/Harness/nixpkgs/nixos/modules) know what NixOS 26.05's own
/// modules check: each case adds one module to a host of the example fleet, as a user would, and
/// the harness must refuse it naming the option, or show the module's effect.
final class StandInModuleTests: XCTestCase {
    override func setUpWithError() throws { try Harness.require() }

    private static let example: Result<URL, Error> = Result { try DeployableHostsTests.repository(exampleFleet) }

    /// The example repository with `module` added to `host` (through its hardware file, which the
    /// user owns), evaluated: the host's report.
    private func host(_ host: String, with module: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let directory = Tools.temporaryDirectory("stand-in").appendingPathComponent("repository")
        try FileManager.default.copyItem(at: try Self.example.get(), to: directory)
        let hardware = directory.appendingPathComponent("nix/hardware")
        try FileManager.default.moveItem(at: hardware.appendingPathComponent("\(host).nix"), to: hardware.appendingPathComponent("\(host)-machine.nix"))
        try module.write(to: hardware.appendingPathComponent("\(host)-edit.nix"), atomically: true, encoding: .utf8)
        try "{ imports = [ ./\(host)-machine.nix ./\(host)-edit.nix ]; }\n"
            .write(to: hardware.appendingPathComponent("\(host).nix"), atomically: true, encoding: .utf8)
        let report = try Harness.evaluate(directory) { harness in
            "let r = \(harness).report.nixos.\(host); in { inherit (r) failedAssertions warnings firewall; "
                + "extraCommands = \(harness).fleet.nixosConfigurations.\(host).config.networking.firewall.extraCommands; }"
        }
        return try XCTUnwrap(report as? [String: Any], file: file, line: line)
    }

    private func assertRefused(_ host: String, _ module: String, naming needles: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let failed = try XCTUnwrap(try self.host(host, with: module)["failedAssertions"] as? [String], file: file, line: line)
        XCTAssertTrue(failed.contains { message in needles.allSatisfy { message.contains($0) } },
                      "\(host): no failed assertion names \(needles): \(failed)", file: file, line: line)
    }

    func testTheExampleAsItIsPassesEveryCheck() throws {
        let report = try host("demeter", with: "{ }\n")
        XCTAssertEqual(report["failedAssertions"] as? [String], [])
        XCTAssertEqual(report["warnings"] as? [String], [])
    }

    func testGrafanaWithoutASecretKeyIsRefused() throws {
        try assertRefused("demeter", "{ lib, ... }: { services.grafana.settings.security.secret_key = lib.mkForce null; }\n",
                          naming: ["services.grafana.settings.security.secret_key"])
    }

    func testGrafanaWarnsOfAPlaintextPassword() throws {
        let warnings = try XCTUnwrap(try host("demeter", with: "{ lib, ... }: { services.grafana.settings.security.admin_password = lib.mkForce \"hunter2\"; }\n")["warnings"] as? [String])
        XCTAssertTrue(warnings.contains { $0.contains("plaintext") }, "\(warnings)")
    }

    func testACMENeedsTheTermsAcceptedAndAnEmail() throws {
        try assertRefused("eos", "{ lib, ... }: { security.acme.acceptTerms = lib.mkForce false; }\n", naming: ["security.acme.acceptTerms"])
        try assertRefused("eos", "{ lib, ... }: { security.acme.defaults.email = lib.mkForce null; }\n", naming: ["security.acme.certs", "email"])
    }

    func testResticNeedsOneRepositoryAndAPasswordFile() throws {
        try assertRefused("atlas", "{ services.restic.backups.nightly.repositoryFile = \"/etc/restic-repository\"; }\n",
                          naming: ["services.restic.backups.nightly", "repository and repositoryFile"])
        try assertRefused("atlas", "{ lib, ... }: { services.restic.backups.nightly.passwordFile = lib.mkForce null; }\n",
                          naming: ["services.restic.backups.nightly.passwordFile"])
    }

    func testTheRunnerNeedsOneTokenAndARuntimeForContainers() throws {
        try assertRefused("boreas", "{ services.gitea-actions-runner.instances.default.token = \"literal\"; }\n",
                          naming: ["services.gitea-actions-runner.instances.default", "token and tokenFile"])
        // boreas runs podman (its ci-runner role): container labels pass there, and fail without it.
        XCTAssertEqual(try host("boreas", with: "{ lib, ... }: { services.gitea-actions-runner.instances.default.labels = lib.mkForce [ \"ubuntu:docker://node:20\" ]; }\n")["failedAssertions"] as? [String], [])
        try assertRefused("boreas", "{ lib, ... }: { services.gitea-actions-runner.instances.default.labels = lib.mkForce [ \"ubuntu:docker://node:20\" ]; virtualisation.podman.enable = lib.mkForce false; }\n",
                          naming: ["services.gitea-actions-runner.instances.default", "virtualisation.docker"])
    }

    func testForgejosDatabaseUserAndNameChecks() throws {
        try assertRefused("atlas", "{ services.forgejo.database.user = \"git\"; }\n", naming: ["services.forgejo.database.user must match"])
        try assertRefused("atlas", "{ services.forgejo.database.name = \"git\"; }\n", naming: ["services.forgejo", "database.name"])
    }

    func testPostgresqlOwnershipNeedsTheDatabase() throws {
        try assertRefused("atlas", "{ services.postgresql.ensureUsers = [ { name = \"app\"; ensureDBOwnership = true; } ]; }\n",
                          naming: ["services.postgresql.ensureUsers", "app", "ensureDatabases"])
    }

    func testWireGuardNeedsExactlyOnePrivateKey() throws {
        try assertRefused("janus", "{ networking.wireguard.interfaces.wg0.privateKey = \"inline\"; }\n",
                          naming: ["networking.wireguard.interfaces.wg0", "privateKey and privateKeyFile"])
        try assertRefused("janus", "{ networking.wireguard.interfaces.wg0.privateKey = \"inline\"; }\n",
                          naming: ["networking.wireguard.interfaces.wg0.generatePrivateKeyFile"])
    }

    func testNginxServingTLSNeedsACertificate() throws {
        try assertRefused("eos", "{ services.nginx.virtualHosts.\"extra.example.org\".forceSSL = true; }\n",
                          naming: ["services.nginx.virtualHosts.<name>.forceSSL", "extra.example.org"])
    }

    func testLokiNeedsExactlyOneConfiguration() throws {
        try assertRefused("demeter", "{ services.loki.configFile = \"/etc/loki.yaml\"; }\n", naming: ["services.loki", "configuration and configFile"])
    }

    func testVaultwardensBackupIsForSqliteOnly() throws {
        try assertRefused("gaia", "{ services.vaultwarden = { backupDir = \"/var/backup/vaultwarden\"; dbBackend = \"postgresql\"; }; }\n",
                          naming: ["services.vaultwarden.backupDir"])
    }

    func testAMosquittoUserHasOnePassword() throws {
        try assertRefused("hestia", "{ services.mosquitto.listeners = [ { users.sensor = { password = \"a\"; hashedPassword = \"b\"; }; } ]; }\n",
                          naming: ["users.sensor", "at most one of password"])
    }

    /// What each module's own `openFirewall` opens, on every interface.
    func testServicesOwnOpenFirewall() throws {
        func firewall(_ host: String, _ module: String) throws -> (tcp: Set<Int>, udp: Set<Int>, extra: String) {
            let report = try self.host(host, with: module)
            let firewall = try XCTUnwrap(report["firewall"] as? [String: Any])
            return (Set(firewall["allowedTCPPorts"] as? [Int] ?? []), Set(firewall["allowedUDPPorts"] as? [Int] ?? []),
                    report["extraCommands"] as? String ?? "")
        }
        XCTAssertTrue(try firewall("atlas", "{ lib, ... }: { services.openssh.openFirewall = lib.mkForce true; }\n").tcp.contains(22))
        XCTAssertTrue(try firewall("atlas", "{ services.tailscale.openFirewall = true; }\n").udp.contains(41641))
        let jellyfin = try firewall("helios", "{ services.jellyfin.openFirewall = true; }\n")
        XCTAssertTrue(jellyfin.tcp.isSuperset(of: [8096, 8920]) && jellyfin.udp.isSuperset(of: [1900, 7359]), "\(jellyfin)")
        let node = try firewall("iris", "{ services.prometheus.exporters.node.openFirewall = true; }\n")
        XCTAssertFalse(node.tcp.contains(9100), "an exporter opens its port with a rule of its own")
        XCTAssertTrue(node.extra.contains("--dport 9100"), node.extra)
        XCTAssertTrue(try firewall("hestia", "{ services.home-assistant.openFirewall = true; }\n").tcp.contains(8123))
        XCTAssertEqual(try firewall("atlas", "{ }\n").tcp, [], "nothing opens by itself where nixgen turned it off")
    }

    /// `networking.firewall` is a plain option set, lists from several modules concatenate, a real
    /// hardware file's `modulesPath` import evaluates, and raw Nix may name any package.
    func testNixOSStructureHardwareFilesAndUnknownPackages() throws {
        let root = try Self.example.get()
        let plain = try Harness.evaluate(root) { "\($0).fleet.nixosConfigurations.atlas.options ? networking.firewall" }
        XCTAssertEqual(plain as? Bool, true)

        let directory = Tools.temporaryDirectory("stand-in").appendingPathComponent("repository")
        try FileManager.default.copyItem(at: root, to: directory)
        try """
        { modulesPath, pkgs, ... }:
        {
          imports = [ (modulesPath + "/installer/scan/not-detected.nix") ];
          fileSystems."/" = { device = "/dev/disk/by-label/nixos"; fsType = "ext4"; };
          boot.loader.grub.devices = [ "/dev/vda" ];
          services.unbound.settings.server.local-data = [ "\\"extra.lan. IN A 10.0.0.99\\"" ];
          services.prometheus.scrapeConfigs = [ { job_name = "extra"; static_configs = [ { targets = [ "10.0.0.99:9100" ]; } ]; } ];
          environment.systemPackages = [ pkgs.some-tool-nixgen-never-heard-of ];
        }

        """.write(to: directory.appendingPathComponent("nix/hardware/iris.nix"), atomically: true, encoding: .utf8)
        let evaluated = try XCTUnwrap(Harness.evaluate(directory) { h in
            "let c = \(h).fleet.nixosConfigurations.iris.config; in { firmware = c.hardware.enableRedistributableFirmware; "
                + "dns = c.services.unbound.settings.server.local-data; jobs = map (j: j.job_name) c.services.prometheus.scrapeConfigs; "
                + "packages = map toString c.environment.systemPackages; failed = \(h).report.nixos.iris.failedAssertions; }"
        } as? [String: Any])
        XCTAssertEqual(evaluated["firmware"] as? Bool, true)
        XCTAssertEqual(evaluated["failed"] as? [String], [])
        let dns = try XCTUnwrap(evaluated["dns"] as? [String])
        XCTAssertTrue(dns.contains("\"extra.lan. IN A 10.0.0.99\"") && dns.contains("\"atlas.lan. IN A 10.0.0.2\""), "\(dns)")
        XCTAssertEqual(Set(evaluated["jobs"] as? [String] ?? []).isSuperset(of: ["extra"]), true)
        XCTAssertTrue((evaluated["packages"] as? [String] ?? []).contains { $0.hasSuffix("-some-tool-nixgen-never-heard-of") }, "\(evaluated)")
    }
}

/// The stand-ins' own bookkeeping, without any tool.
final class StandInModuleListTests: XCTestCase {
    private static let modules = Golden.repositoryRoot.appendingPathComponent("Tests/Harness/nixpkgs/nixos/modules")

    /// Every stand-in names the upstream module and the release it follows (without any tool).
    func testEveryStandInNamesTheUpstreamModuleItFollows() throws {
        let list = try String(contentsOf: Self.modules.appendingPathComponent("module-list.nix"), encoding: .utf8)
        let listed = list.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("./") ? String(trimmed.dropFirst(2)) : nil
        }
        XCTAssertGreaterThanOrEqual(listed.count, 16)
        for path in listed + ["installer/scan/not-detected.nix", "base.nix"] {
            let text = try String(contentsOf: Self.modules.appendingPathComponent(path), encoding: .utf8)
            XCTAssertTrue(text.hasPrefix("# Stand-in for nixos/modules/") || text.hasPrefix("# Stand-in for NixOS' core"), path)
            XCTAssertTrue(text.prefix(400).contains("(NixOS 26.05)"), "\(path) names no release")
        }
    }

}
