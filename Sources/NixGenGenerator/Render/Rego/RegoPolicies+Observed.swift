// The generic policy over the observable configuration's exactly judged fields, and its tests.
extension RegoPolicies {
    static var observed: String { #"""
# Observed: the fields of a host's observable configuration judged against the declaration (who
# has SSH access or wheel, sudo, Nix's trusted and allowed users, sshd's authentication). On a host
# that deviates, policy-input.nix sends what the declaration makes them (`declared`, from
# nix/expected.json). The exact ones must be just that: access the declaration does not grant is
# denied wherever a module granted it. sshd may be hardened further, never weakened.
package nixgen.observed

import rego.v1

import data.nixgen.expected.deviating
import data.nixgen.text.shown

hosts := object.get(input, "hosts", {})

\#(ObservableConfiguration.exactRego)
# A member the configuration has and the declaration does not.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	some field, declared in object.get(host, "declared", {})
	field in exact
	observed := object.get(host, field, null)
	is_object(observed)
	is_object(declared)
	some key, value in observed
	not has_key(declared, key)
	msg := sprintf("%v: %v.%v is %v, which the fleet does not declare", [name, field, key, shown(value)])
}

# A member whose value differs from the declared one, or that the configuration lacks.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	some field, declared in object.get(host, "declared", {})
	field in exact
	observed := object.get(host, field, null)
	is_object(observed)
	is_object(declared)
	some key, value in declared
	object.get(observed, key, null) != value
	msg := sprintf("%v: %v.%v is %v, but the fleet declares %v", [name, field, key, shown(object.get(observed, key, null)), shown(value)])
}

# A field that is no object on one side (sshd runs where it is declared not to, or the other way).
deny contains msg if {
	some name in deviating
	host := hosts[name]
	some field, declared in object.get(host, "declared", {})
	field in exact
	observed := object.get(host, field, null)
	not both_objects(observed, declared)
	observed != declared
	msg := sprintf("%v: %v is %v, but the fleet declares %v", [name, field, shown(observed), shown(declared)])
}

has_key(object, key) if {
	_ = object[key]
}

both_objects(a, b) if {
	is_object(a)
	is_object(b)
}

# sshd: password and keyboard-interactive logins stay off where the fleet turns them off ...
deny contains msg if {
	some name in deviating
	host := hosts[name]
	declared := object.get(object.get(host, "declared", {}), "sshd", null)
	is_object(declared)
	observed := object.get(host, "sshd", null)
	is_object(observed)
	some option in ["PasswordAuthentication", "KbdInteractiveAuthentication"]
	object.get(observed, option, true) != false
	object.get(declared, option, true) == false
	msg := sprintf("%v: sshd's %v is %v, but the fleet declares false", [name, option, shown(object.get(observed, option, true))])
}

# ... and root logs in no more freely than declared.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	declared := object.get(object.get(host, "declared", {}), "sshd", null)
	is_object(declared)
	observed := object.get(host, "sshd", null)
	is_object(observed)
	object.get(root_login, observed.PermitRootLogin, 3) > object.get(root_login, declared.PermitRootLogin, 3)
	msg := sprintf("%v: sshd's PermitRootLogin is %v, but the fleet declares %v", [name, shown(observed.PermitRootLogin), shown(declared.PermitRootLogin)])
}

root_login := {"no": 0, "forced-commands-only": 1, "prohibit-password": 2, "without-password": 2, "yes": 3}

"""# }

    static let observedTest = #"""
package nixgen.observed_test

import rego.v1

import data.nixgen.fixture
import data.nixgen.observed

denies(doc) := result if {
	result := observed.deny with input as doc with data.nixgen.fleet as fixture.fleet
}

test_declared_input_passes if {
	count(denies(fixture.input_doc)) == 0
}

test_an_extra_key_of_the_deploy_user if {
	doc := fixture.with_host("atlas", {"users": {"deploy": {"keys": ["ssh-ed25519 AAAAevil", "ssh-ed25519 AAAAops"]}}})
	"atlas: users.deploy is {\"keyFiles\":[],\"keys\":[\"ssh-ed25519 AAAAevil\",\"ssh-ed25519 AAAAops\"],\"wheel\":true}, but the fleet declares {\"keyFiles\":[],\"keys\":[\"ssh-ed25519 AAAAops\"],\"wheel\":true}" in denies(doc)
}

test_an_undeclared_user_with_a_key if {
	doc := fixture.with_host("atlas", {"users": {"alice": {"keyFiles": [], "keys": ["ssh-ed25519 AAAAalice"], "wheel": false}}})
	"atlas: users.alice is {\"keyFiles\":[],\"keys\":[\"ssh-ed25519 AAAAalice\"],\"wheel\":false}, which the fleet does not declare" in denies(doc)
}

test_a_field_the_configuration_lacks if {
	doc := fixture.with_replaced("atlas", "nixUsers", null)
	"atlas: nixUsers is null, but the fleet declares {\"allowed\":[\"*\"],\"trusted\":[\"deploy\",\"root\"]}" in denies(doc)
}

test_password_login_turned_on if {
	doc := fixture.with_host("atlas", {"sshd": {"PasswordAuthentication": true}})
	"atlas: sshd's PasswordAuthentication is true, but the fleet declares false" in denies(doc)
}

test_root_login_opened if {
	doc := fixture.with_host("atlas", {"sshd": {"PermitRootLogin": "yes"}})
	"atlas: sshd's PermitRootLogin is yes, but the fleet declares prohibit-password" in denies(doc)
}

test_sshd_hardened_further_passes if {
	doc := fixture.with_host("atlas", {"sshd": {"KbdInteractiveAuthentication": false, "PermitRootLogin": "no"}})
	count(denies(doc)) == 0
}

"""#
}

extension RegoPolicies {
    static var generated: String { #"""
# Generated: every file nixgen generated is as it generated it. The fleet's data says what each
# must be (its SHA-256), policy-input.nix and the flake hash them as they are, and any other edit
# is denied here, the judging inputs first (nix/expected.json, nix/policy-input.nix and the
# policies). A fleet as rendered costs one comparison.
package nixgen.generated

import rego.v1

import data.nixgen.text.shown

declared := object.get(data.nixgen.fleet, "generated", {})

# (Without it, the shape policy says so once.)
found := input.generated

deny contains msg if {
	found != declared
	some path, digest in declared
	object.get(found, path, null) != digest
	msg := sprintf("%v was edited by hand: change the fleet declaration and run `nixgen render`", [shown(path)])
}

# A conftest exception in one of nixgen's packages would silence its denies without an edit to a
# generated file: it is denied here, where it cannot reach.
deny contains msg if {
	some namespace in excepted
	msg := sprintf("a conftest exception in package %v silences its denies: exceptions belong in packages of your own", [namespace])
}

\#(RegoPolicies.judging.filter { $0 != "generated" }.map { "excepted contains \"nixgen.\($0)\" if count(data.nixgen.\($0).exception) > 0\n" }.joined(separator: "\n"))
"""# }

    static let generatedTest = #"""
package nixgen.generated_test

import rego.v1

import data.nixgen.fixture
import data.nixgen.generated

denies(doc) := result if {
	result := generated.deny with input as doc with data.nixgen.fleet as fixture.fleet
}

test_declared_input_passes if {
	count(denies(fixture.input_doc)) == 0
}

test_an_edited_host_file if {
	doc := object.union(fixture.input_doc, {"generated": {"nix/hosts/atlas.nix": "0000"}})
	"nix/hosts/atlas.nix was edited by hand: change the fleet declaration and run `nixgen render`" in denies(doc)
}

test_a_conftest_exception_in_a_nixgen_package if {
	"a conftest exception in package nixgen.wiring silences its denies: exceptions belong in packages of your own" in denies(fixture.input_doc) with data.nixgen.wiring.exception as {""}
}

test_a_missing_file if {
	doc := object.union(fixture.input_doc, {"generated": {"nix/expected.json": null}})
	"nix/expected.json was edited by hand: change the fleet declaration and run `nixgen render`" in denies(doc)
}

"""#
}

extension RegoPolicies {
    static let options = #"""
# Options: every option nixgen renders from the declaration (settings, references and the wiring
# they derive: WireGuard peers, datasource and runner URLs) holds the rendered value, whoever set
# it otherwise. policy-input.nix sends only those that differ. One the fleet set with mkDefault may
# be overridden by a module: conftest warns, and says it was.
package nixgen.options

import rego.v1

import data.nixgen.expected.deviating
import data.nixgen.text.shown

hosts := object.get(input, "hosts", {})

differing contains [name, entry] if {
	some name in deviating
	entries := object.get(hosts[name], "options", [])
	is_array(entries)
	some entry in entries
}

deny contains msg if {
	some [name, entry] in differing
	entry.priority != 1000
	msg := sprintf("%v: %v is %v, but the fleet renders %v", [name, concat(".", entry.path), shown(entry.found), shown(entry.value)])
}

warn contains msg if {
	some [name, entry] in differing
	entry.priority == 1000
	msg := sprintf("%v: %v is %v, overriding the fleet's default (mkDefault) %v", [name, concat(".", entry.path), shown(entry.found), shown(entry.value)])
}

"""#

    static let optionsTest = #"""
package nixgen.options_test

import rego.v1

import data.nixgen.fixture
import data.nixgen.options

denies(doc) := result if {
	result := options.deny with input as doc with data.nixgen.fleet as fixture.fleet
}

warnings(doc) := result if {
	result := options.warn with input as doc with data.nixgen.fleet as fixture.fleet
}

url := {"found": "http://10.0.0.99:9090", "path": ["services", "grafana", "url"], "priority": 100, "value": "http://10.0.0.3:9090"}

test_declared_input_passes if {
	count(denies(fixture.input_doc)) == 0
}

test_a_rendered_option_that_differs if {
	doc := fixture.with_host("zeus", {"options": [url]})
	"zeus: services.grafana.url is http://10.0.0.99:9090, but the fleet renders http://10.0.0.3:9090" in denies(doc)
}

test_an_overridden_default_warns if {
	doc := fixture.with_host("zeus", {"options": [object.union(url, {"priority": 1000})]})
	count(denies(doc)) == 0
	"zeus: services.grafana.url is http://10.0.0.99:9090, overriding the fleet's default (mkDefault) http://10.0.0.3:9090" in warnings(doc)
}

"""#
}
