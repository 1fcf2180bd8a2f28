// The policies' `test_` rules: for every deny rule an input where it fires and one where it does not,
// built on one small fixture fleet. `conftest verify` and Tests/Rego/rego_check.py run them.

extension RegoPolicies {
    static let fixtureTest = #"""
# A small fleet and the input its evaluated configurations produce: the base every policy test mutates.
package nixgen.fixture

import rego.v1

deployment(host, tags) := {
	"colmena": {"buildOnTarget": true, "tags": tags, "targetHost": host, "targetUser": "deploy"},
	"nixinate": {"buildOn": "remote", "hermetic": false, "host": host, "sshUser": "deploy", "substituteOnTarget": true},
}

fleet := {
	"hosts": {
		"atlas": object.union(deployment("10.0.0.2", ["server"]), {
			"firewall": {"lan": ["22/tcp", "3000/tcp"], "public": ["41641/udp"]},
			"hostPubKey": "ssh-ed25519 AAAAatlas",
			"lanInterfaces": ["enp1s0"],
			"platform": "nixos",
			"services": ["forgejo", "postgresql", "tailscale"],
			"system": "x86_64-linux",
		}),
		"zeus": object.union(deployment("10.0.0.3", []), {
			"firewall": {"lan": ["3000/tcp"], "public": ["443/tcp"]},
			"hostPubKey": null,
			"lanInterfaces": ["eth0"],
			"platform": "nixos",
			"services": ["grafana"],
			"system": "aarch64-linux",
		}),
		"mac": {
			"colmena": null,
			"firewall": {"lan": [], "public": ["41641/udp"]},
			"hostPubKey": null,
			"lanInterfaces": [],
			"nixinate": null,
			"platform": "darwin",
			"services": ["tailscale"],
			"system": "aarch64-darwin",
		},
	},
	"services": {
		"forgejo": {
			"dependencies": [{"scope": "sameHost", "service": "postgresql"}],
			"enables": ["services.forgejo.enable"],
			"ports": {"http": "services.forgejo.settings.server.HTTP_PORT"},
			"secrets": {"db": {"file": "secrets/forgejo/db.age", "option": "services.forgejo.database.passwordFile"}},
		},
		"grafana": {
			"dependencies": [{"scope": "fleet", "service": "postgresql"}],
			"enables": ["services.grafana.enable"],
			"ports": {"http": "services.grafana.settings.server.http_port"},
			"secrets": {},
		},
		"postgresql": {"dependencies": [], "enables": ["services.postgresql.enable"], "ports": {"db": "services.postgresql.settings.port"}, "secrets": {}},
		"tailscale": {"dependencies": [], "enables": ["services.tailscale.enable"], "ports": {}, "secrets": {}},
	},
	"registry": {
		"forgejo": {"http": {"exposure": "lan", "port": 3000, "protocol": "tcp"}},
		"grafana": {
			"http": {"exposure": "lan", "port": 3000, "protocol": "tcp"},
			"https": {"exposure": "public", "port": 443, "protocol": "tcp"},
		},
		"openssh": {"ssh": {"exposure": "lan", "port": 22, "protocol": "tcp"}},
		"postgresql": {"db": {"exposure": "local", "port": 5432, "protocol": "tcp"}},
		"tailscale": {"wireguard": {"exposure": "public", "port": 41641, "protocol": "udp"}},
	},
	"recipients": {"ops": ["ssh-ed25519 AAAAops"]},
	"privileged": ["grafana.https"],
}

off := {"enables": [null], "nixgen": false, "ports": {}, "secrets": {}}

services(on) := {name: state |
	some name, declared in fleet.services
	state := object.get(on, name, object.union(off, {"ports": {port: null | some port, _ in declared.ports}, "secrets": {secret: null | some secret, _ in declared.secrets}}))
}

firewall(public, interfaces) := {
	"enable": true, "extraCommands": false, "interfaces": interfaces, "tcp": public.tcp, "tcpRanges": [], "trustedInterfaces": [],
	"udp": public.udp, "udpRanges": [],
}

lan(tcp) := {"tcp": tcp, "tcpRanges": [], "udp": [], "udpRanges": []}

atlas := {
	"bindings": [
		{"name": "http", "port": 3000, "protocol": "tcp", "service": "forgejo"},
		{"name": "db", "port": 5432, "protocol": "tcp", "service": "postgresql"},
		{"name": "wireguard", "port": 41641, "protocol": "udp", "service": "tailscale"},
	],
	"colmena": object.union(fleet.hosts.atlas.colmena, {"keys": {}, "targetPort": null}),
	"firewall": firewall({"tcp": [], "udp": [41641]}, {"enp1s0": lan([3000, 22])}),
	"hostName": "atlas",
	"hostPubKey": "ssh-ed25519 AAAAatlas",
	"nixinate": fleet.hosts.atlas.nixinate,
	"platform": "nixos",
	"recipients": fleet.recipients,
	"secrix": {"forgejo": {"db": {"file": "secrets/forgejo/db.age", "path": "/run/forgejo-keys/db"}}},
	"services": services({
		"forgejo": {"enables": [true], "nixgen": true, "ports": {"http": 3000}, "secrets": {"db": "/run/forgejo-keys/db"}},
		"postgresql": {"enables": [true], "nixgen": true, "ports": {"db": 5432}, "secrets": {}},
		"tailscale": {"enables": [true], "nixgen": true, "ports": {}, "secrets": {}},
	}),
	"system": "x86_64-linux",
}

zeus := {
	"bindings": [
		{"name": "http", "port": 3000, "protocol": "tcp", "service": "grafana"},
		{"name": "https", "port": 443, "protocol": "tcp", "service": "grafana"},
	],
	"colmena": fleet.hosts.zeus.colmena,
	"firewall": firewall({"tcp": [443], "udp": []}, {"eth0": lan([3000])}),
	"hostName": "zeus",
	"hostPubKey": null,
	"nixinate": fleet.hosts.zeus.nixinate,
	"platform": "nixos",
	"recipients": fleet.recipients,
	"secrix": {},
	"services": services({"grafana": {"enables": [true], "nixgen": true, "ports": {"http": 3000}, "secrets": {}}}),
	"system": "aarch64-linux",
}

mac := {
	"bindings": [{"name": "wireguard", "port": 41641, "protocol": "udp", "service": "tailscale"}],
	"colmena": null,
	"firewall": null,
	"hostName": "mac",
	"hostPubKey": null,
	"nixinate": null,
	"platform": "darwin",
	"recipients": {},
	"secrix": {},
	"services": services({"tailscale": {"enables": [true], "nixgen": true, "ports": {}, "secrets": {}}}),
	"system": "aarch64-darwin",
}

input_doc := {
	"flake": {"darwin": ["mac"], "nixos": ["atlas", "zeus"]},
	"hostFiles": ["atlas.nix", "mac.nix", "zeus.nix"],
	"hosts": {"atlas": atlas, "mac": mac, "zeus": zeus},
	"registry": fleet.registry,
	"secretFiles": ["secrets/forgejo/db.age"],
}

# The input with host `name` changed by `patch` (merged into it).
with_host(name, patch) := object.union(input_doc, {"hosts": {name: object.union(input_doc.hosts[name], patch)}})

# The input with host `name`'s service `service` changed by `patch`.
with_service(name, service, patch) := with_host(name, {"services": {service: object.union(input_doc.hosts[name].services[service], patch)}})

# The input with host `name`'s `key` removed (object.union merges; this takes away).
without(name, key) := object.union(object.remove(input_doc, ["hosts"]), {"hosts": object.union(object.remove(input_doc.hosts, [name]), {name: object.remove(input_doc.hosts[name], [key])})})

# The input with host `name`'s `key` replaced by `value`, not merged into it.
with_replaced(name, key, value) := object.union(without(name, key), {"hosts": {name: {key: value}}})

"""#

    static let shapeTest = #"""
package nixgen.shape_test

import rego.v1

import data.nixgen.fixture
import data.nixgen.shape

denies(doc) := result if {
	result := shape.deny with input as doc
}

test_declared_input_passes if {
	count(denies(fixture.input_doc)) == 0
}

test_missing_key if {
	"input: secretFiles is missing or not of type array (judge what nix/policy-input.nix evaluates to)" in denies(object.remove(fixture.input_doc, ["secretFiles"]))
}

test_key_of_the_wrong_type if {
	"input: hosts is missing or not of type object (judge what nix/policy-input.nix evaluates to)" in denies(object.union(fixture.input_doc, {"hosts": []}))
}

test_empty_document if {
	count(denies({})) == 5
}

test_host_missing_a_key if {
	"input: hosts.atlas.services is missing or not of type object" in denies(fixture.without("atlas", "services"))
}

test_nixos_host_without_firewall if {
	"input: hosts.atlas.firewall is missing or not of type object" in denies(fixture.with_host("atlas", {"firewall": null}))
}

test_darwin_host_without_firewall_is_fine if {
	count(denies(fixture.with_host("mac", {"firewall": null}))) == 0
}

"""#
}
