// The policies' `test_` rules: for every deny rule an input where it fires and one where it does not,
// built on one small fixture fleet. `conftest verify` and Tests/Rego/rego_check.py run them.

import NixGen

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
	"generated": {"nix/expected.json": "e3b0", "nix/hosts/atlas.nix": "a1a5"},
	"hosts": {
		"atlas": object.union(deployment("10.0.0.2", ["server"]), {
			"firewall": {"lan": {"tcp": [22, 3000], "udp": []}, "public": {"tcp": [], "udp": [41641]}},
			"hostPubKey": "ssh-ed25519 AAAAatlas",
			"lanInterfaces": ["enp1s0"],
			"platform": "nixos",
			"services": ["forgejo", "postgresql", "tailscale"],
			"system": "x86_64-linux",
		}),
		"zeus": object.union(deployment("10.0.0.3", []), {
			"firewall": {"lan": {"tcp": [3000], "udp": []}, "public": {"tcp": [443], "udp": []}},
			"hostPubKey": null,
			"lanInterfaces": ["eth0"],
			"platform": "nixos",
			"services": ["grafana"],
			"system": "aarch64-linux",
		}),
		"mac": {
			"colmena": {},
			"firewall": {"lan": {"tcp": [], "udp": []}, "public": {"tcp": [], "udp": [41641]}},
			"hostPubKey": null,
			"lanInterfaces": [],
			"nixinate": {},
			"platform": "darwin",
			"services": ["tailscale"],
			"system": "aarch64-darwin",
		},
	},
	"services": {
		"forgejo": {
			"dependencies": [{"scope": "sameHost", "service": "postgresql"}],
			"enables": ["services.forgejo.enable"],
			"hosts": ["atlas"],
			"ports": {"http": "services.forgejo.settings.server.HTTP_PORT"},
			"secrets": {"db": {"file": "secrets/forgejo/db.age", "mode": "0400", "option": "services.forgejo.database.passwordFile"}},
		},
		"grafana": {
			"dependencies": [{"scope": "fleet", "service": "postgresql"}],
			"enables": ["services.grafana.enable"],
			"hosts": ["zeus"],
			"ports": {"http": "services.grafana.settings.server.http_port"},
			"secrets": {},
		},
		"postgresql": {"dependencies": [], "enables": ["services.postgresql.enable"], "hosts": ["atlas"], "ports": {"db": "services.postgresql.settings.port"}, "secrets": {}},
		"tailscale": {"dependencies": [], "enables": ["services.tailscale.enable"], "hosts": ["atlas", "mac"], "ports": {}, "secrets": {}},
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
	"privileged": ["grafana/https"],
	"platforms": {"atlas": "nixos", "mac": "darwin", "zeus": "nixos"},
	"addresses": {"10.0.0.2": "atlas", "10.0.0.3": "zeus"},
	"domains": {"grafana.example.org": {"port": "http", "proxy": "grafana", "service": "grafana"}},
	"metrics": ["grafana/http"],
}

# The state of a service nothing switched on, as a patch base: the input leaves such services out.
off := {"enables": [null], "nixgen": false, "ports": {}, "secrets": {}}

firewall(public, interfaces) := {
	"backend": "iptables", "enable": true, "extraCommands": false, "extraForwardRules": false, "extraInputRules": false,
	"interfaces": interfaces, "tcp": public.tcp, "tcpRanges": [], "trustedInterfaces": [], "udp": public.udp, "udpRanges": [],
}

# What a NixOS host's access and exposure beyond the firewall are when nothing was added: the
# deploy user with the admins' key, its sudo rule and Nix trust, and no listener of its own.
access := {
	"listeners": [],
	"options": [],
	"pastedSecrets": [],
	"nftables": {"ruleset": false, "tables": []},
	"nixUsers": {"allowed": ["*"], "trusted": ["deploy", "root"]},
	"sshd": {"KbdInteractiveAuthentication": true, "PasswordAuthentication": false, "PermitRootLogin": "prohibit-password"},
	"sudo": {"rules": [{"commands": [{"command": "ALL", "options": ["NOPASSWD"]}], "groups": [], "users": ["deploy"]}], "wheelNeedsPassword": true},
	"users": {"deploy": {"keyFiles": [], "keys": ["ssh-ed25519 AAAAops"], "wheel": true}},
}

declared := {"declared": object.remove(access, ["listeners", "nftables"])}

no_access := {"listeners": null, "nftables": null, "nixUsers": null, "options": [], "pastedSecrets": [], "sshd": null, "sudo": null, "users": null}

lan(tcp) := {"tcp": tcp, "tcpRanges": [], "udp": [], "udpRanges": []}

atlas := object.union(object.union(access, declared), {
	"bindings": {"3000/tcp": ["forgejo/http"], "41641/udp": ["tailscale/wireguard"], "5432/tcp": ["postgresql/db"]},
	"colmena": object.union(fleet.hosts.atlas.colmena, {"keys": {}, "targetPort": null}),
	"firewall": firewall({"tcp": [], "udp": [41641]}, {"enp1s0": lan([3000, 22])}),
	"hostName": "atlas",
	"hostPubKey": "ssh-ed25519 AAAAatlas",
	"nixinate": fleet.hosts.atlas.nixinate,
	"platform": "nixos",
	"recipients": fleet.recipients,
	"secrix": {"forgejo": {"db": {"file": "secrets/forgejo/db.age", "mode": "0400", "path": "/run/forgejo-keys/db"}}},
	"services": {
		"forgejo": {"enables": [true], "nixgen": true, "ports": {"http": 3000}, "secrets": {"db": "/run/forgejo-keys/db"}},
		"postgresql": {"enables": [true], "nixgen": true, "ports": {"db": 5432}, "secrets": {}},
		"tailscale": {"enables": [true], "nixgen": true, "ports": {}, "secrets": {}},
	},
	"system": "x86_64-linux",
})

zeus := object.union(object.union(access, declared), {
	"bindings": {"3000/tcp": ["grafana/http"], "443/tcp": ["grafana/https"]},
	"colmena": fleet.hosts.zeus.colmena,
	"firewall": firewall({"tcp": [443], "udp": []}, {"eth0": lan([3000])}),
	"hostName": "zeus",
	"hostPubKey": null,
	"nixinate": fleet.hosts.zeus.nixinate,
	"platform": "nixos",
	"recipients": fleet.recipients,
	"secrix": {},
	"services": {"grafana": {"enables": [true], "nixgen": true, "ports": {"http": 3000}, "secrets": {}}},
	"system": "aarch64-linux",
})

mac := object.union(no_access, {
	"bindings": {"41641/udp": ["tailscale/wireguard"]},
	"colmena": {},
	"firewall": null,
	"hostName": "mac",
	"hostPubKey": null,
	"nixinate": {},
	"platform": "darwin",
	"recipients": {},
	"secrix": {},
	"services": {"tailscale": {"enables": [true], "nixgen": true, "ports": {}, "secrets": {}}},
	"system": "aarch64-darwin",
})

input_doc := {
	"flake": {"darwin": ["mac"], "nixos": ["atlas", "zeus"]},
	"generated": fleet.generated,
	"hostFiles": ["atlas.nix", "mac.nix", "zeus.nix"],
	"hosts": {"atlas": atlas, "mac": mac, "zeus": zeus},
	"registry": fleet.registry,
	"secretFileKinds": {"secrets/forgejo/db.age": "age"},
	"secretFiles": ["secrets/forgejo/db.age"],
	"wiring": {"zeus": {
		"dnsRecords": ["\"atlas.lan. IN A 10.0.0.2\"", "\"grafana.example.org. IN A 10.0.0.3\""],
		"proxies": {"grafana.example.org": "http://10.0.0.3:3000"},
		"scrapeTargets": ["10.0.0.3:3000"],
	}},
}

# The input with host `name` changed by `patch` (merged into it).
with_host(name, patch) := object.union(input_doc, {"hosts": {name: object.union(input_doc.hosts[name], patch)}})

# The input with host `name`'s service `service` changed by `patch`.
with_service(name, service, patch) := with_host(name, {"services": {service: object.union(object.get(input_doc.hosts[name].services, service, off), patch)}})

# The input without host `name`.
without_host(name) := object.union(object.remove(input_doc, ["hosts"]), {"hosts": object.remove(input_doc.hosts, [name])})

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
	count(denies({})) == 8
}

test_host_missing_a_key if {
	"input: hosts.atlas.services is missing or not of type object" in denies(fixture.without("atlas", "services"))
}

test_nixos_host_without_firewall if {
	"input: hosts.atlas.firewall is missing or not of type object" in denies(fixture.with_host("atlas", {"firewall": null}))
}

test_only_hosts_not_as_expected_are_examined if {
	doc := object.union(fixture.without_host("zeus"), {"hosts": {"zeus": {"asExpected": true}}})
	deviating := data.nixgen.expected.deviating with input as doc with data.nixgen.fleet as fixture.fleet
	deviating == {"atlas", "mac"}
	count(denies(doc)) == 0
	missing := data.nixgen.expected.deviating with input as fixture.without_host("mac") with data.nixgen.fleet as fixture.fleet
	missing == {"atlas", "mac", "zeus"}
	claimed := data.nixgen.expected.deviating with input as object.union(fixture.without_host("zeus"), {"hosts": {"zeus": {"asExpected": true, "x": 1}}}) with data.nixgen.fleet as fixture.fleet
	"zeus" in claimed
}

test_darwin_host_without_firewall_is_fine if {
	count(denies(fixture.with_host("mac", {"firewall": null}))) == 0
}

"""#
}
