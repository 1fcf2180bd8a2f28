import NixGen
import NixGenGenerator
import XCTest

/// A setting whose name says it holds a secret holds a path or a reference, never the secret: a
/// literal is a located error; paths, `.secret(...)`, grafana's `$__file{...}`, public keys and
/// settings naming files pass.
final class PastedSecretValidationTests: XCTestCase {
    private func errors(_ settings: [Setting]) -> [Diagnostic] {
        let app = Service("app") {
            Secret("token", file: "secrets/app/token.age")
            for setting in settings { setting }
        }
        let fleet = Fleet(stateVersion: "26.05", admins: ValidationTests.admins) {
            Host("h", system: .x86_64Linux, address: "10.0.0.1", lanInterfaces: ["eth0"], hostKey: ValidationTests.key) {
                app
                ValidationTests.hardware
            }
        }
        return Validator.validate(fleet).filter { $0.severity == .error && $0.message.contains("holds a secret") }
    }

    func testALiteralSecretIsALocatedError() {
        let pasted = [
            Setting("services.app.settings.admin_password", "hunter2"),
            Setting("services.app.settings", ["api": ["token": "abc123"]]),
            Setting("services.app.environment.SECRET_KEY", .mkForce("s3cr3t")),
            Setting("services.app.settings.secret", "/nix/store/0000-secret"),
        ]
        let found = errors(pasted)
        XCTAssertEqual(found.map(\.message), [
            "setting services.app.settings.admin_password holds a secret as a literal value, which would land in the Nix store",
            "setting services.app.settings.api.token holds a secret as a literal value, which would land in the Nix store",
            "setting services.app.environment.SECRET_KEY holds a secret as a literal value, which would land in the Nix store",
            "setting services.app.settings.secret holds a secret as a literal value, which would land in the Nix store",
        ])
        XCTAssertEqual(found.map(\.location.line), pasted.map(\.location.line))
    }

    func testPathsReferencesAndOtherNamesPass() {
        XCTAssertEqual(errors([
            Setting("services.app.settings.password", "/run/app-keys/token"),
            Setting("services.app.settings.token", .secret("token")),
            Setting("services.app.settings.admin_password", "$__file{\(.secret("token"))}"),
            Setting("services.app.settings.publicKey", "ssh-ed25519 AAAA"),
            Setting("services.app.settings.hostPubKey", "ssh-ed25519 AAAA"),
            Setting("services.app.settings.passwordFile", "/run/app-keys/token"),
            Setting("services.app.settings.PasswordAuthentication", false),
            Setting("services.app.settings.password", ""),
        ]).map(\.message), [])
    }
}
