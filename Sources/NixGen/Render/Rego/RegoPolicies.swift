// The policies nixgen renders under policies/. They are fleet-independent: the fleet reaches them
// only as data (`policies/fleet.rego`). Written in `opa fmt` layout for Rego v1 (OPA 1.x, conftest).
// Edit them here; the golden trees show every change.

enum RegoPolicies {
    /// File name → Rego source (without the generated header).
    static let files: [String: String] = [
        "ports.rego": ports,
        "hosts.rego": hosts,
        "services.rego": services,
        "secrets.rego": secrets,
        "fixture_test.rego": fixtureTest,
        "ports_test.rego": portsTest,
        "hosts_test.rego": hostsTest,
        "services_test.rego": servicesTest,
        "secrets_test.rego": secretsTest,
    ]

    static let ports = #"""
# Ports: one binding per (host, port, protocol), the registry's numbers, exactly the declared firewall.
package nixgen.ports

import rego.v1

fleet := data.nixgen.fleet

# A (host, port, protocol) is bound by one service only.
deny contains msg if {
	some name, host in input.hosts
	some a in host.bindings
	some b in host.bindings
	[a.service, a.name] < [b.service, b.name]
	a.port == b.port
	a.protocol == b.protocol
	msg := sprintf("%s: port %d/%s is bound by both %s.%s and %s.%s", [name, a.port, a.protocol, a.service, a.name, b.service, b.name])
}

# Every bound port is the registry's number for that service.
deny contains msg if {
	some name, host in input.hosts
	some binding in host.bindings
	declared := fleet.registry[binding.service][binding.name]
	[binding.port, binding.protocol] != [declared.port, declared.protocol]
	msg := sprintf("%s: %s.%s binds %d/%s, but the registry declares %d/%s", [name, binding.service, binding.name, binding.port, binding.protocol, declared.port, declared.protocol])
}

# The registry on disk is the declared one.
deny contains msg if {
	some service, ports in input.registry
	some port_name, entry in ports
	declared := fleet.registry[service][port_name]
	entry != declared
	msg := sprintf("registry: %s.%s is %d/%s %s, but the fleet declares %d/%s %s", [service, port_name, entry.port, entry.protocol, entry.exposure, declared.port, declared.protocol, declared.exposure])
}

opened(host) := {sprintf("%d/%s", [port, protocol]) |
	some protocol, ports in host.firewall
	some port in ports
}

# The firewall opens only declared lan and public ports.
deny contains msg if {
	some name, host in input.hosts
	declared := {port | some port in fleet.firewall[name]}
	some port in opened(host) - declared
	msg := sprintf("%s: the firewall opens %s, which no lan or public port of the host declares", [name, port])
}

# The firewall opens every declared lan and public port.
deny contains msg if {
	some name, host in input.hosts
	host.file
	some port in fleet.firewall[name]
	not port in opened(host)
	msg := sprintf("%s: %s is declared lan or public, but the firewall does not open it", [name, port])
}

# A privileged port is public only where the fleet declares it so.
deny contains msg if {
	some service, ports in input.registry
	some port_name, entry in ports
	entry.exposure == "public"
	entry.port < 1024
	not sprintf("%s.%s", [service, port_name]) in fleet.privileged
	msg := sprintf("registry: %s.%s exposes privileged port %d publicly without being declared privileged", [service, port_name, entry.port])
}

"""#

    static let hosts = #"""
# Hosts: exactly one file per declared host, each with a system; NixOS hosts deployable.
package nixgen.hosts

import rego.v1

fleet := data.nixgen.fleet

# Every declared host has its file under nix/hosts/.
deny contains msg if {
	some name, _ in fleet.hosts
	not sprintf("%s.nix", [name]) in input.hostFiles
	msg := sprintf("%s: nix/hosts/%s.nix is missing", [name, name])
}

# nix/hosts/ holds no file of an undeclared host.
deny contains msg if {
	some file in input.hostFiles
	not fleet.hosts[trim_suffix(file, ".nix")]
	msg := sprintf("nix/hosts/%s is not a declared host", [file])
}

# The inventory lists the declared hosts, no more.
deny contains msg if {
	some name, _ in input.hosts
	not fleet.hosts[name]
	msg := sprintf("%s: in the inventory, but not a declared host", [name])
}

# The inventory lists the declared hosts, no fewer.
deny contains msg if {
	some name, _ in fleet.hosts
	not input.hosts[name]
	msg := sprintf("%s: declared, but missing from the inventory", [name])
}

# Every host has a system.
deny contains msg if {
	some name, host in input.hosts
	not non_empty(host, "system")
	msg := sprintf("%s: the host has no system", [name])
}

# Every NixOS host has an address to deploy to.
deny contains msg if {
	some name, host in input.hosts
	host.platform == "nixos"
	not non_empty(host, "address")
	msg := sprintf("%s: the host has no address", [name])
}

# Every NixOS host has deployment settings.
deny contains msg if {
	some name, host in input.hosts
	host.platform == "nixos"
	not deployable(host)
	msg := sprintf("%s: the host has no deployment settings (an ssh user, and where to build)", [name])
}

deployable(host) if {
	non_empty(host.deployment, "sshUser")
	host.deployment.buildOn in {"local", "remote"}
}

non_empty(object, key) if {
	is_string(object[key])
	object[key] != ""
}

"""#

    static let services = #"""
# Services: only where assigned, enabled where assigned, requirements met.
package nixgen.services

import rego.v1

fleet := data.nixgen.fleet

running(host) := {service | some service in host.services} | {service | some service in host.enabled}

# A host runs only the services the fleet assigns to it.
deny contains msg if {
	some name, host in input.hosts
	some service in running(host)
	not service in fleet.hosts[name].services
	msg := sprintf("%s: runs %s, which the fleet does not assign to it", [name, service])
}

# A host file enables every service the fleet assigns to the host.
deny contains msg if {
	some name, host in input.hosts
	host.file
	some service in fleet.hosts[name].services
	not service in host.enabled
	msg := sprintf("%s: %s is assigned, but nix/hosts/%s.nix does not enable it", [name, service, name])
}

# A same-host dependency runs on the same host.
deny contains msg if {
	some name, host in input.hosts
	some service in running(host)
	some dependency in fleet.services[service].dependencies
	dependency.scope == "sameHost"
	not dependency.service in running(host)
	msg := sprintf("%s: %s requires %s on the same host", [name, service, dependency.service])
}

# A fleet-wide dependency runs on some host.
deny contains msg if {
	some name, host in input.hosts
	some service in running(host)
	some dependency in fleet.services[service].dependencies
	dependency.scope == "fleet"
	not runs_somewhere(dependency.service)
	msg := sprintf("%s: %s requires %s, which no host runs", [name, service, dependency.service])
}

runs_somewhere(service) if {
	some host in input.hosts
	service in running(host)
}

# A listening port is in the registry.
deny contains msg if {
	some name, host in input.hosts
	some binding in host.bindings
	not fleet.registry[binding.service][binding.name]
	msg := sprintf("%s: %s listens on %d/%s as %s, which is not in the port registry", [name, binding.service, binding.port, binding.protocol, binding.name])
}

# The registry holds only declared requirements.
deny contains msg if {
	some service, ports in input.registry
	some port_name, _ in ports
	not fleet.registry[service][port_name]
	msg := sprintf("registry: %s.%s is not declared by the fleet", [service, port_name])
}

"""#

    static let secrets = #"""
# Secrets: references to encrypted files under secrets/, never values.
package nixgen.secrets

import rego.v1

reference_keys := {"file", "group", "mode", "owner"}

# A secret carries nothing but the reference and file ownership.
deny contains msg if {
	some service, declared in input.services
	some name, secret in declared.secrets
	is_object(secret)
	some key, _ in secret
	not key in reference_keys
	msg := sprintf("%s: secret %s carries %s; a secret is only a reference to an encrypted file", [service, name, key])
}

# A secret names an encrypted file under secrets/.
deny contains msg if {
	some service, declared in input.services
	some name, secret in declared.secrets
	not encrypted_file(secret)
	msg := sprintf("%s: secret %s is not a path to an encrypted file under secrets/", [service, name])
}

# A secret's encrypted file is committed to the repository.
deny contains msg if {
	some service, declared in input.services
	some name, secret in declared.secrets
	encrypted_file(secret)
	not secret.file in input.secretFiles
	msg := sprintf("%s: secret %s's file %s is not in the repository", [service, name, secret.file])
}

encrypted_file(secret) if {
	is_string(secret.file)
	startswith(secret.file, "secrets/")
	not contains(secret.file, "..")
	not contains(secret.file, "\n")
}

"""#

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
