import NixGen
import NixGenGenerator
import XCTest

/// A `Setting` on an option nixgen writes itself is an error at the setting, naming the field of
/// the declaration that owns the option: before, `system.stateVersion` was dropped without a word
/// and a firewall port list passed render for CI's policies to deny.
final class OwnedOptionValidationTests: XCTestCase {
    private func errors(host settings: [Setting] = [], role: [Setting] = [], service: [Setting] = []) -> [Diagnostic] {
        let app = Service("app") { for setting in service { setting } }
        let base = Role("base") { for setting in role { setting } }
        let fleet = Fleet(stateVersion: "26.05", admins: ValidationTests.admins) {
            Host("h", system: .x86_64Linux, address: "10.0.0.1", lanInterfaces: ["eth0"], hostKey: ValidationTests.key) {
                app
                base
                ValidationTests.hardware
                for setting in settings { setting }
            }
        }
        return Validator.validate(fleet).filter { $0.severity == .error }
    }

    func testEachOwnerIsNamedAtTheSetting() {
        let cases: [(Setting, String, String)] = [
            (Setting("system.stateVersion", "24.05"), "nixgen writes from the host's stateVersion", "stateVersion:"),
            (Setting("networking.firewall.allowedTCPPorts", [8920]), "nixgen writes from the port registry (each Port's exposure:)", "Port("),
            (Setting("networking.firewall", ["interfaces": ["eth0": ["allowedUDPPorts": [53]]]]), "the port registry", "exposure:"),
            (Setting("secrix.hostPubKey", "ssh-ed25519 AAAA"), "the host's hostKey", "hostKey:"),
            (Setting("users.users.deploy.openssh.authorizedKeys.keys", ["ssh-ed25519 AAAA"]), "the deploy user", "admins:"),
            (Setting("security.sudo.extraRules", [["users": ["eve"]]]), "the deploy user's sudo rule", "sshUser:"),
            (Setting("nix.settings.trusted-users", ["@users"]), "the deploy user", "sshUser:"),
            (Setting("nixgen.lanInterfaces", ["wlan0"]), "the host's lanInterfaces", "Host"),
        ]
        for (setting, owner, hint) in cases {
            for found in [errors(host: [setting]), errors(role: [setting]), errors(service: [setting])] {
                XCTAssertEqual(found.count, 1, "\(setting.path): \(found.map(\.message))")
                XCTAssertTrue(found.first?.message.contains(owner) ?? false, "\(found.map(\.message))")
                XCTAssertTrue(found.first?.hint?.contains(hint) ?? false, "\(found.map { $0.hint ?? "" })")
                XCTAssertEqual(found.first?.location, setting.location)
            }
        }
    }

    func testOptionsNixgenDoesNotWriteStayOpen() {
        let settings = [Setting("networking.firewall.allowPing", false), Setting("users.users.alice.isNormalUser", true),
                        Setting("nix.settings.max-jobs", 4), Setting("system.autoUpgrade.enable", false)]
        XCTAssertEqual(errors(host: settings).map(\.message), [])
    }
}
