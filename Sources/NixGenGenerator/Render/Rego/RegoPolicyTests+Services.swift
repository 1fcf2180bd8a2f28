// Tests of the services and secrets policies: see RegoPolicyTests.swift.

import NixGen

extension RegoPolicies {
    static let servicesTest = #"""
package nixgen.services_test

import rego.v1

import data.nixgen.fixture
import data.nixgen.services

denies(doc) := result if {
	result := services.deny with input as doc with data.nixgen.fleet as fixture.fleet
}

test_declared_input_passes if {
	count(denies(fixture.input_doc)) == 0
}

test_unassigned_service_switched_on_through_nixgen if {
	doc := fixture.with_service("zeus", "forgejo", {"nixgen": true})
	"zeus: runs forgejo (nixgen.services.forgejo.enable = true), which the fleet does not assign to it" in denies(doc)
}

test_unassigned_service_switched_on_by_its_own_option if {
	doc := fixture.with_service("zeus", "postgresql", {"enables": [true]})
	"zeus: runs postgresql (services.postgresql.enable = true), which the fleet does not assign to it" in denies(doc)
}

test_assigned_service_not_switched_on if {
	doc := fixture.with_service("zeus", "grafana", {"nixgen": false})
	"zeus: grafana is assigned, but nixgen.services.grafana.enable is not true" in denies(doc)
}

test_assigned_service_forced_off if {
	doc := fixture.with_service("zeus", "grafana", {"enables": [false]})
	"zeus: grafana is assigned, but services.grafana.enable is false" in denies(doc)
}

test_same_host_dependency_forced_off if {
	doc := fixture.with_service("atlas", "postgresql", {"enables": [false]})
	"atlas: forgejo requires postgresql on the same host" in denies(doc)
}

test_fleet_dependency_missing if {
	doc := fixture.with_service("atlas", "postgresql", {"enables": [false], "nixgen": false})
	"zeus: grafana requires postgresql, which no host runs" in denies(doc)
}

test_binding_outside_the_registry if {
	doc := fixture.with_host("zeus", {"bindings": {"6060/tcp": ["grafana/debug"]}})
	"zeus: grafana listens on 6060/tcp as debug, which is not in the port registry" in denies(doc)
}

test_undeclared_registry_entry if {
	doc := object.union(fixture.input_doc, {"registry": {"grafana": {"debug": {"exposure": "local", "port": 6060, "protocol": "tcp"}}}})
	"registry: grafana.debug is not declared by the fleet" in denies(doc)
}

"""#

    static let secretsTest = #"""
package nixgen.secrets_test

import rego.v1

import data.nixgen.fixture
import data.nixgen.secrets

denies(doc) := result if {
	result := secrets.deny with input as doc with data.nixgen.fleet as fixture.fleet
}

installed(patch) := fixture.with_host("atlas", {"secrix": {"forgejo": {"db": object.union(fixture.atlas.secrix.forgejo.db, patch)}}})

test_declared_input_passes if {
	count(denies(fixture.input_doc)) == 0
}

test_file_outside_secrets if {
	"atlas: secret forgejo.db is read from /etc/forgejo/db, which is not a file under secrets/" in denies(installed({"file": "/etc/forgejo/db"}))
}

test_file_escaping_secrets if {
	"atlas: secret forgejo.db is read from secrets/../nix/x, which is not a file under secrets/" in denies(installed({"file": "secrets/../nix/x"}))
}

test_file_not_committed if {
	"atlas: secret forgejo.db's file secrets/forgejo/db.age is not in the repository" in denies(object.union(fixture.input_doc, {"secretFiles": []}))
}

test_plaintext_under_secrets if {
	doc := object.union(fixture.input_doc, {"secretFileKinds": {"secrets/forgejo/db.age": "age", "secrets/forgejo/db.txt": "plaintext"}})
	"secrets/forgejo/db.txt is not an age-encrypted file but plaintext: secrets/ holds encrypted secrets only" in denies(doc)
}

test_declared_file_in_plaintext if {
	doc := object.union(fixture.input_doc, {"secretFileKinds": {"secrets/forgejo/db.age": "plaintext"}})
	"secrets/forgejo/db.age is not an age-encrypted file but plaintext: secrets/ holds encrypted secrets only" in denies(doc)
}

test_link_under_secrets if {
	doc := object.union(fixture.input_doc, {"secretFileKinds": {"secrets/forgejo/db.age": "symlink"}})
	"secrets/forgejo/db.age is not an age-encrypted file but a symbolic link: secrets/ holds encrypted secrets only" in denies(doc)
}

test_undeclared_age_file if {
	doc := object.union(fixture.input_doc, {"secretFileKinds": {"secrets/forgejo/db.age": "age", "secrets/old/gone.age": "age"}})
	"secrets/old/gone.age is under secrets/, but no secret declares it" in denies(doc)
}

test_file_other_than_declared if {
	doc := object.union(installed({"file": "secrets/other.age"}), {"secretFiles": ["secrets/forgejo/db.age", "secrets/other.age"]})
	"atlas: secret forgejo.db is read from secrets/other.age, but the fleet declares secrets/forgejo/db.age" in denies(doc)
}

test_undeclared_secret_installed if {
	doc := fixture.with_host("zeus", {"secrix": {"grafana": {"admin": {"file": "secrets/forgejo/db.age", "path": "/run/grafana-keys/admin"}}}})
	"zeus: secrix installs grafana.admin, which the fleet does not declare" in denies(doc)
}

test_declared_secret_not_installed if {
	"atlas: forgejo's secret db is not installed by secrix" in denies(fixture.with_replaced("atlas", "secrix", {}))
}

test_secret_pasted_inline if {
	doc := fixture.with_service("atlas", "forgejo", {"secrets": {"db": "hunter2"}})
	"atlas: services.forgejo.database.passwordFile is hunter2, but must be secrix's decrypted path /run/forgejo-keys/db" in denies(doc)
}

test_secret_option_unset if {
	doc := fixture.with_service("atlas", "forgejo", {"secrets": {"db": null}})
	"atlas: services.forgejo.database.passwordFile is null, but must be secrix's decrypted path /run/forgejo-keys/db" in denies(doc)
}

test_swapped_recipient if {
	doc := fixture.with_host("zeus", {"recipients": {"ops": ["ssh-ed25519 AAAAevil"]}})
	"zeus: secrix.defaultEncryptKeys.ops is ssh-ed25519 AAAAevil, but the fleet declares ssh-ed25519 AAAAops" in denies(doc)
}

test_extra_recipient if {
	doc := fixture.with_host("atlas", {"recipients": object.union(fixture.fleet.recipients, {"eve": ["ssh-ed25519 AAAAeve"]})})
	"atlas: secrix.defaultEncryptKeys.eve is ssh-ed25519 AAAAeve, but the fleet declares " in denies(doc)
}

test_a_secret_installed_weaker_than_declared if {
	doc := fixture.with_host("atlas", {"secrix": {"forgejo": {"db": {"mode": "0444"}}}})
	"atlas: secret forgejo.db is installed with mode 0444, but the fleet declares 0400" in denies(doc)
}

test_a_secret_pasted_as_a_value if {
	doc := fixture.with_host("atlas", {"pastedSecrets": ["environment.variables.API_TOKEN"]})
	"atlas: environment.variables.API_TOKEN holds a secret as a literal value, in the world-readable Nix store: read it from a file secrix decrypts" in denies(doc)
}

"""#
}
