// The policies' `test_` rules: for every deny rule an input where it fires and one where it does not,
// built on one small fixture fleet. `conftest verify` and Tests/Rego/regorus_check.py run them.

extension RegoPolicies {
    static let fixtureTest = #"""
# A small fleet and the input its evaluated Nix produces: the base every policy test mutates.
package nixgen.fixture

import rego.v1

fleet := {
	"hosts": {
		"atlas": {"address": "10.0.0.2", "platform": "nixos", "services": ["forgejo", "postgresql"], "system": "x86_64-linux"},
		"zeus": {"address": "10.0.0.3", "platform": "nixos", "services": ["grafana"], "system": "x86_64-linux"},
	},
	"services": {
		"forgejo": {"dependencies": [{"scope": "sameHost", "service": "postgresql"}], "secrets": {"db": {"file": "secrets/forgejo/db.age", "owner": "forgejo"}}},
		"grafana": {"dependencies": [{"scope": "fleet", "service": "postgresql"}], "secrets": {}},
		"postgresql": {"dependencies": [], "secrets": {}},
	},
	"registry": {
		"forgejo": {"http": {"exposure": "lan", "port": 3000, "protocol": "tcp"}},
		"grafana": {
			"http": {"exposure": "lan", "port": 3000, "protocol": "tcp"},
			"https": {"exposure": "public", "port": 443, "protocol": "tcp"},
		},
		"postgresql": {"db": {"exposure": "local", "port": 5432, "protocol": "tcp"}},
	},
	"firewall": {"atlas": ["3000/tcp"], "zeus": ["3000/tcp", "443/tcp"]},
	"privileged": ["grafana.https"],
}

deployment := {"buildOn": "remote", "hermetic": false, "sshUser": "deploy", "substituteOnTarget": true}

atlas := {
	"address": "10.0.0.2",
	"bindings": [
		{"name": "http", "port": 3000, "protocol": "tcp", "service": "forgejo"},
		{"name": "db", "port": 5432, "protocol": "tcp", "service": "postgresql"},
	],
	"deployment": deployment,
	"enabled": ["forgejo", "postgresql"],
	"file": true,
	"firewall": {"tcp": [3000], "udp": []},
	"platform": "nixos",
	"services": ["forgejo", "postgresql"],
	"system": "x86_64-linux",
}

zeus := {
	"address": "10.0.0.3",
	"bindings": [
		{"name": "http", "port": 3000, "protocol": "tcp", "service": "grafana"},
		{"name": "https", "port": 443, "protocol": "tcp", "service": "grafana"},
	],
	"deployment": deployment,
	"enabled": ["grafana"],
	"file": true,
	"firewall": {"tcp": [3000, 443], "udp": []},
	"platform": "nixos",
	"services": ["grafana"],
	"system": "x86_64-linux",
}

input_doc := {
	"hostFiles": ["atlas.nix", "zeus.nix"],
	"hosts": {"atlas": atlas, "zeus": zeus},
	"registry": fleet.registry,
	"secretFiles": ["secrets/forgejo/db.age"],
	"services": fleet.services,
}

# The input with host `name` replaced by `host`.
with_host(name, host) := object.union(input_doc, {"hosts": {name: host}})

"""#

    static let portsTest = #"""
package nixgen.ports_test

import rego.v1

import data.nixgen.fixture
import data.nixgen.ports

denies(doc) := result if {
	result := ports.deny with input as doc with data.nixgen.fleet as fixture.fleet
}

test_declared_input_passes if {
	count(denies(fixture.input_doc)) == 0
}

test_port_bound_twice if {
	doc := fixture.with_host("atlas", object.union(fixture.atlas, {"bindings": array.concat(fixture.atlas.bindings, [{"name": "api", "port": 3000, "protocol": "tcp", "service": "grafana"}])}))
	"atlas: port 3000/tcp is bound by both forgejo.http and grafana.api" in denies(doc)
}

test_same_port_other_protocol_is_not_a_clash if {
	doc := fixture.with_host("atlas", object.union(fixture.atlas, {"bindings": array.concat(fixture.atlas.bindings, [{"name": "dns", "port": 3000, "protocol": "udp", "service": "forgejo"}])}))
	every msg in denies(doc) { not contains(msg, "is bound by both") }
}

test_binding_differs_from_registry if {
	doc := fixture.with_host("atlas", object.union(fixture.atlas, {"bindings": [{"name": "http", "port": 3001, "protocol": "tcp", "service": "forgejo"}]}))
	"atlas: forgejo.http binds 3001/tcp, but the registry declares 3000/tcp" in denies(doc)
}

test_registry_on_disk_differs if {
	doc := object.union(fixture.input_doc, {"registry": {"forgejo": {"http": {"port": 3005}}}})
	"registry: forgejo.http is 3005/tcp lan, but the fleet declares 3000/tcp lan" in denies(doc)
}

test_extra_firewall_port if {
	doc := fixture.with_host("atlas", object.union(fixture.atlas, {"firewall": {"tcp": [3000, 8080]}}))
	"atlas: the firewall opens 8080/tcp, which no lan or public port of the host declares" in denies(doc)
}

test_local_port_opened if {
	doc := fixture.with_host("atlas", object.union(fixture.atlas, {"firewall": {"tcp": [3000, 5432]}}))
	"atlas: the firewall opens 5432/tcp, which no lan or public port of the host declares" in denies(doc)
}

test_declared_port_closed if {
	doc := fixture.with_host("zeus", object.union(fixture.zeus, {"firewall": {"tcp": [3000]}}))
	"zeus: 443/tcp is declared lan or public, but the firewall does not open it" in denies(doc)
}

test_undeclared_privileged_public_port if {
	fleet := object.union(fixture.fleet, {"privileged": []})
	"registry: grafana.https exposes privileged port 443 publicly without being declared privileged" in ports.deny with input as fixture.input_doc with data.nixgen.fleet as fleet
}

"""#

    static let hostsTest = #"""
package nixgen.hosts_test

import rego.v1

import data.nixgen.fixture
import data.nixgen.hosts

denies(doc) := result if {
	result := hosts.deny with input as doc with data.nixgen.fleet as fixture.fleet
}

test_declared_input_passes if {
	count(denies(fixture.input_doc)) == 0
}

test_missing_host_file if {
	doc := object.union(fixture.input_doc, {"hostFiles": ["atlas.nix"]})
	"zeus: nix/hosts/zeus.nix is missing" in denies(doc)
}

test_extra_host_file if {
	doc := object.union(fixture.input_doc, {"hostFiles": ["atlas.nix", "ghost.nix", "zeus.nix"]})
	"nix/hosts/ghost.nix is not a declared host" in denies(doc)
}

test_undeclared_host_in_inventory if {
	doc := fixture.with_host("ghost", fixture.atlas)
	"ghost: in the inventory, but not a declared host" in denies(doc)
}

test_declared_host_missing_from_inventory if {
	doc := object.union(object.remove(fixture.input_doc, ["hosts"]), {"hosts": {"atlas": fixture.atlas}})
	"zeus: declared, but missing from the inventory" in denies(doc)
}

test_host_without_system if {
	hosts := {"atlas": object.remove(fixture.atlas, ["system"]), "zeus": fixture.zeus}
	doc := object.union(object.remove(fixture.input_doc, ["hosts"]), {"hosts": hosts})
	"atlas: the host has no system" in denies(doc)
}

test_darwin_host_needs_no_address if {
	mac := object.union(object.remove(fixture.atlas, ["address", "deployment"]), {"platform": "darwin"})
	doc := object.union(object.remove(fixture.input_doc, ["hosts"]), {"hosts": {"atlas": mac, "zeus": fixture.zeus}})
	not doc.hosts.atlas.address
	count(denies(doc)) == 0
}

test_nixos_host_without_deployment if {
	hosts := {"atlas": object.remove(fixture.atlas, ["deployment"]), "zeus": fixture.zeus}
	doc := object.union(object.remove(fixture.input_doc, ["hosts"]), {"hosts": hosts})
	"atlas: the host has no deployment settings (an ssh user, and where to build)" in denies(doc)
}

test_host_with_empty_address if {
	doc := fixture.with_host("atlas", object.union(fixture.atlas, {"address": ""}))
	"atlas: the host has no address" in denies(doc)
}

"""#

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

test_unassigned_service_in_inventory if {
	doc := fixture.with_host("zeus", object.union(fixture.zeus, {"services": ["grafana", "bitcoind"]}))
	"zeus: runs bitcoind, which the fleet does not assign to it" in denies(doc)
}

test_unassigned_service_enabled if {
	doc := fixture.with_host("zeus", object.union(fixture.zeus, {"enabled": ["forgejo", "grafana"]}))
	"zeus: runs forgejo, which the fleet does not assign to it" in denies(doc)
}

test_assigned_service_not_enabled if {
	doc := fixture.with_host("zeus", object.union(fixture.zeus, {"enabled": []}))
	"zeus: grafana is assigned, but nix/hosts/zeus.nix does not enable it" in denies(doc)
}

test_same_host_dependency_missing if {
	doc := fixture.with_host("atlas", object.union(fixture.atlas, {"enabled": ["forgejo"], "services": ["forgejo"]}))
	"atlas: forgejo requires postgresql on the same host" in denies(doc)
}

test_fleet_dependency_running_nowhere if {
	doc := fixture.with_host("atlas", object.union(fixture.atlas, {"enabled": ["forgejo"], "services": ["forgejo"]}))
	"zeus: grafana requires postgresql, which no host runs" in denies(doc)
}

test_fleet_dependency_on_another_host_is_met if {
	every msg in denies(fixture.input_doc) { not contains(msg, "which no host runs") }
}

test_listening_port_outside_registry if {
	doc := fixture.with_host("atlas", object.union(fixture.atlas, {"bindings": array.concat(fixture.atlas.bindings, [{"name": "debug", "port": 6060, "protocol": "tcp", "service": "forgejo"}])}))
	"atlas: forgejo listens on 6060/tcp as debug, which is not in the port registry" in denies(doc)
}

test_undeclared_registry_entry if {
	doc := object.union(fixture.input_doc, {"registry": {"redis": {"db": {"exposure": "local", "port": 6379, "protocol": "tcp"}}}})
	"registry: redis.db is not declared by the fleet" in denies(doc)
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

with_secret(secret) := object.union(fixture.input_doc, {"services": {"forgejo": {"secrets": {"db": secret}}}})

test_declared_input_passes if {
	count(denies(fixture.input_doc)) == 0
}

test_inline_value if {
	"forgejo: secret db carries value; a secret is only a reference to an encrypted file" in denies(with_secret({"file": "secrets/forgejo/db.age", "value": "hunter2"}))
}

test_secret_given_as_a_string if {
	doc := object.union(fixture.input_doc, {"services": {"forgejo": {"secrets": {"db": "hunter2"}}}})
	"forgejo: secret db is not a path to an encrypted file under secrets/" in denies(doc)
}

test_file_not_committed if {
	doc := object.union(fixture.input_doc, {"secretFiles": []})
	"forgejo: secret db's file secrets/forgejo/db.age is not in the repository" in denies(doc)
}

test_file_outside_secrets if {
	"forgejo: secret db is not a path to an encrypted file under secrets/" in denies(with_secret({"file": "../../etc/shadow"}))
}

"""#
}
