// Tests of the ports and hosts policies: see RegoPolicyTests.swift.

import NixGen

extension RegoPolicies {
    static let portsTest = #"""
package nixgen.ports_test

import rego.v1

import data.nixgen.fixture
import data.nixgen.ports

denies(doc) := result if {
	result := ports.deny with input as doc with data.nixgen.fleet as fixture.fleet
}

atlas_firewall(patch) := fixture.with_host("atlas", {"firewall": object.union(fixture.atlas.firewall, patch)})

test_declared_input_passes if {
	count(denies(fixture.input_doc)) == 0
}

test_port_bound_twice if {
	doc := fixture.with_host("atlas", {"bindings": {"3000/tcp": ["forgejo/http", "grafana/api"]}})
	"atlas: port 3000/tcp is bound by forgejo.http and grafana.api" in denies(doc)
}

test_same_port_other_protocol_is_not_a_clash if {
	doc := fixture.with_host("atlas", {"bindings": {"3000/udp": ["forgejo/dns"]}})
	every msg in denies(doc) { not contains(msg, "is bound by both") }
}

test_bound_option_differs_from_registry if {
	doc := fixture.with_service("atlas", "forgejo", {"ports": {"http": 3001}})
	"atlas: services.forgejo.settings.server.HTTP_PORT is 3001, but the registry gives forgejo.http port 3000" in denies(doc)
}

test_bound_option_unset if {
	doc := fixture.with_service("atlas", "forgejo", {"ports": {"http": null}})
	"atlas: services.forgejo.settings.server.HTTP_PORT is null, but the registry gives forgejo.http port 3000" in denies(doc)
}

test_bound_option_of_an_unassigned_service_is_not_judged if {
	count(denies(fixture.with_service("zeus", "forgejo", {"ports": {"http": 1}}))) == 0
}

test_registry_on_disk_differs if {
	doc := object.union(fixture.input_doc, {"registry": {"forgejo": {"http": {"port": 3005}}}})
	"registry: forgejo.http is {\"exposure\":\"lan\",\"port\":3005,\"protocol\":\"tcp\"}, but the fleet declares {\"exposure\":\"lan\",\"port\":3000,\"protocol\":\"tcp\"}" in denies(doc)
}

test_firewall_disabled if {
	"atlas: networking.firewall.enable is false, which opens every listening port" in denies(atlas_firewall({"enable": false}))
}

test_port_opened_everywhere if {
	"atlas: the firewall opens 8080/tcp on every interface, which no public port of the host declares" in denies(atlas_firewall({"tcp": [8080]}))
}

test_lan_port_opened_everywhere if {
	"atlas: the firewall opens 3000/tcp on every interface, which no public port of the host declares" in denies(atlas_firewall({"tcp": [3000]}))
}

test_local_port_opened_on_the_lan if {
	doc := atlas_firewall({"interfaces": {"enp1s0": fixture.lan([3000, 22, 5432])}})
	"atlas: the firewall opens 5432/tcp on enp1s0, which no lan or public port of the host declares" in denies(doc)
}

test_port_opened_on_another_interface if {
	doc := atlas_firewall({"interfaces": {"enp1s0": fixture.lan([3000, 22]), "wg0": fixture.lan([22])}})
	"atlas: the firewall opens 22/tcp on wg0, which is not one of the host's lan interfaces" in denies(doc)
}

test_public_port_not_opened if {
	"atlas: 41641/udp is a public port, but the firewall does not open it on every interface" in denies(atlas_firewall({"udp": []}))
}

test_lan_port_not_opened if {
	doc := atlas_firewall({"interfaces": {"enp1s0": fixture.lan([22])}})
	"atlas: 3000/tcp is a lan port, but the firewall does not open it on enp1s0" in denies(doc)
}

test_port_range_everywhere if {
	doc := atlas_firewall({"tcpRanges": [{"from": 6000, "to": 6010}]})
	"atlas: the firewall opens the port range {\"from\":6000,\"to\":6010}/tcp on every interface" in denies(doc)
}

test_port_range_on_an_interface if {
	doc := atlas_firewall({"interfaces": {"enp1s0": object.union(fixture.lan([3000, 22]), {"udpRanges": [{"from": 1, "to": 2}]})}})
	"atlas: the firewall opens the port range {\"from\":1,\"to\":2}/udp on enp1s0" in denies(doc)
}

test_trusted_interface if {
	"atlas: the firewall trusts enp1s0, which opens every port on it" in denies(atlas_firewall({"trustedInterfaces": ["enp1s0"]}))
}

test_extra_commands if {
	"atlas: networking.firewall.extraCommands adds firewall rules the policies cannot judge" in denies(atlas_firewall({"extraCommands": true}))
}

test_darwin_has_no_firewall_to_judge if {
	count(denies(fixture.with_host("mac", {"firewall": null}))) == 0
}

test_privileged_names_cannot_collide_through_dots if {
	registry := {"a": {"b.http": {"exposure": "public", "port": 80, "protocol": "tcp"}}, "a.b": {"http": {"exposure": "public", "port": 81, "protocol": "tcp"}}}
	fleet := object.union(fixture.fleet, {"privileged": ["a.b/http"], "registry": registry})
	result := ports.deny with input as object.union(fixture.input_doc, {"registry": registry}) with data.nixgen.fleet as fleet
	"registry: a.b.http exposes privileged port 80 publicly without being declared privileged" in result
	not "registry: a.b.http exposes privileged port 81 publicly without being declared privileged" in result
}

test_undeclared_privileged_public_port if {
	fleet := object.union(fixture.fleet, {"privileged": []})
	"registry: grafana.https exposes privileged port 443 publicly without being declared privileged" in ports.deny with input as fixture.input_doc with data.nixgen.fleet as fleet
}

test_firewall_rules_of_its_own if {
	doc := fixture.with_host("atlas", {"firewall": {"extraInputRules": true}})
	"atlas: networking.firewall.extraInputRules adds firewall rules the policies cannot judge" in denies(doc)
}

test_an_nftables_table if {
	doc := fixture.with_host("atlas", {"nftables": {"tables": ["open"]}})
	"atlas: networking.nftables.tables.open adds firewall rules the policies cannot judge" in denies(doc)
}

test_an_nftables_ruleset if {
	doc := fixture.with_host("atlas", {"nftables": {"ruleset": true}})
	"atlas: networking.nftables.ruleset adds firewall rules the policies cannot judge" in denies(doc)
}

test_a_second_listener if {
	doc := fixture.with_host("atlas", {"listeners": [{"listen": "0.0.0.0:8080", "protocol": "tcp", "source": "systemd.sockets.backdoor"}]})
	"atlas: systemd.sockets.backdoor listens on 0.0.0.0:8080/tcp, which no port declared on the host is" in denies(doc)
}

test_a_listener_on_a_declared_port_or_a_path_passes if {
	listeners := [
		{"listen": "[::]:3000", "protocol": "tcp", "source": "systemd.sockets.forgejo"},
		{"listen": "/run/helper.sock", "protocol": "tcp", "source": "systemd.sockets.helper"},
	]
	count(denies(fixture.with_host("atlas", {"listeners": listeners}))) == 0
}

test_a_binding_without_a_port if {
	doc := fixture.with_host("atlas", {"bindings": {"/tcp": ["forgejo/x"]}})
	"atlas: forgejo.x binds no port number (/tcp)" in denies(doc)
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
	"zeus: nix/hosts/zeus.nix is missing" in denies(object.union(fixture.input_doc, {"hostFiles": ["atlas.nix", "mac.nix"]}))
}

test_extra_host_file if {
	doc := object.union(fixture.input_doc, {"hostFiles": array.concat(fixture.input_doc.hostFiles, ["ghost.nix"])})
	"nix/hosts/ghost.nix is not a declared host" in denies(doc)
}

test_undeclared_configuration_in_the_flake if {
	doc := object.union(fixture.input_doc, {"flake": {"darwin": ["mac"], "nixos": ["atlas", "ghost", "zeus"]}})
	"flake.nix: nixosConfigurations.ghost is not a declared nixos host" in denies(doc)
}

test_host_configured_for_the_wrong_platform if {
	doc := object.union(fixture.input_doc, {"flake": {"darwin": ["mac", "zeus"], "nixos": ["atlas"]}})
	"flake.nix: darwinConfigurations.zeus is not a declared darwin host" in denies(doc)
}

test_declared_host_missing_from_the_flake if {
	doc := object.union(fixture.input_doc, {"flake": {"darwin": [], "nixos": ["atlas", "zeus"]}})
	"mac: flake.nix has no darwinConfigurations.mac" in denies(doc)
}

test_wrong_host_name if {
	"atlas: networking.hostName is evil" in denies(fixture.with_host("atlas", {"hostName": "evil"}))
}

test_wrong_system if {
	doc := fixture.with_host("zeus", {"system": "x86_64-linux"})
	"zeus: the configuration is for x86_64-linux, but the host is declared aarch64-linux" in denies(doc)
}

test_swapped_host_key if {
	doc := fixture.with_host("atlas", {"hostPubKey": "ssh-ed25519 AAAAother"})
	"atlas: secrix.hostPubKey is ssh-ed25519 AAAAother, but the fleet declares ssh-ed25519 AAAAatlas" in denies(doc)
}

test_host_key_where_none_is_declared if {
	doc := fixture.with_host("zeus", {"hostPubKey": "ssh-ed25519 AAAAother"})
	"zeus: secrix.hostPubKey is ssh-ed25519 AAAAother, but the fleet declares null" in denies(doc)
}

test_changed_nixinate_target if {
	doc := fixture.with_host("atlas", {"nixinate": object.union(fixture.atlas.nixinate, {"host": "10.9.9.9"})})
	"atlas: _module.args.nixinate.host is 10.9.9.9, but the fleet declares 10.0.0.2" in denies(doc)
}

test_changed_nixinate_user if {
	doc := fixture.with_host("atlas", {"nixinate": object.union(fixture.atlas.nixinate, {"sshUser": "root"})})
	"atlas: _module.args.nixinate.sshUser is root, but the fleet declares deploy" in denies(doc)
}

test_removed_nixinate_settings if {
	"atlas: _module.args.nixinate.host is null, but the fleet declares 10.0.0.2" in denies(fixture.with_host("atlas", {"nixinate": null}))
}

test_nixinate_target_on_an_undeployed_host if {
	doc := fixture.with_host("mac", {"nixinate": {"host": "10.6.6.6"}})
	"mac: _module.args.nixinate.host is 10.6.6.6, but the fleet declares no deployment" in denies(doc)
}

test_changed_colmena_target if {
	doc := fixture.with_host("atlas", {"colmena": object.union(fixture.atlas.colmena, {"targetHost": "10.9.9.9", "tags": []})})
	"atlas: colmena's deployment.targetHost is 10.9.9.9, but the fleet declares 10.0.0.2" in denies(doc)
}

test_changed_colmena_tags if {
	doc := fixture.with_host("atlas", {"colmena": object.union(fixture.atlas.colmena, {"tags": ["server", "extra"]})})
	"atlas: colmena's deployment.tags is server extra, but the fleet declares server" in denies(doc)
}

"""#
}
