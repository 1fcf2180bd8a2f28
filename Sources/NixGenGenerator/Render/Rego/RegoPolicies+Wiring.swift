// The policy on the fleet's derived wiring, and its tests.

import NixGen

extension RegoPolicies {
    static let wiring = #"""
# Wiring: what hosts say about each other in their evaluated configuration (nginx upstreams,
# Prometheus scrape targets, unbound A/AAAA records; `wiring` of the input) points at a host of the
# fleet that runs that service on that registry port. A hand edit, a stale copy or a moved service
# that left a consumer behind is denied, whoever wrote the value.
package nixgen.wiring

import rego.v1

import data.nixgen.expected.deviating
import data.nixgen.text.shown

fleet := data.nixgen.fleet

hosts := object.get(input, "hosts", {})

wiring := object.get(input, "wiring", {})

addresses := object.get(fleet, "addresses", {})

domains := object.get(fleet, "domains", {})

# "address:port" or "scheme://address:port/path" (IPv6 in brackets) as [address, port].
endpoint(text) := [trim(groups[1], "[]"), groups[2]] if {
	groups := regex.find_all_string_submatch_n(`^(?:[a-z][a-z0-9+.-]*://)?(\[[0-9a-fA-F:.]+\]|[^/:\[\]]+):([0-9]{1,5})(?:/.*)?$`, text, 1)[0]
}

# An unbound local-data A or AAAA record as [name, address]; other records are not judged.
record(text) := [lower(trim_suffix(groups[1], ".")), groups[3]] if {
	groups := regex.find_all_string_submatch_n(`^"?([^ "]+)\s+(?:[0-9]+\s+)?(?:IN\s+)?(A|AAAA)\s+([^ "]+)"?$`, text, 1)[0]
}

# The "service/port" names a host binds on "port/protocol" as evaluated: a deviating host's own
# bindings, else the declared ones (the host is as expected).
claims(name, key) := object.get(hosts[name].bindings, key, []) if {
	name in deviating
} else := [concat("/", [service, port_name]) |
	some service in fleet.hosts[name].services
	some port_name, entry in object.get(fleet.registry, service, {})
	key == concat("/", [format_int(entry.port, 10), entry.protocol])
]

# Whether `name` binds `service`'s port `port_name` on the registry's number, given as text.
runs(name, service, port_name, port) if {
	entry := fleet.registry[service][port_name]
	port == format_int(entry.port, 10)
	concat("/", [service, port_name]) in claims(name, concat("/", [port, entry.protocol]))
}

# The host an address reaches, seen from host `name`: itself for a loopback address.
host_at(name, address) := name if {
	loopback(address)
} else := addresses[address]

loopback(address) if startswith(address, "127.")

loopback(address) if address in {"::1", "localhost"}

runners(service) := concat(", ", object.get(object.get(fleet.services, service, {}), "hosts", []))

# Every proxy upstream is an endpoint on a host of the fleet ...
deny contains msg if {
	some name, doc in wiring
	some domain, upstream in object.get(doc, "proxies", {})
	not host_at(name, endpoint(upstream)[0])
	msg := sprintf("%v: the proxy for %v forwards to %v, which is no host of the fleet", [name, domain, shown(upstream)])
}

# ... that runs the domain's service on its registry port ...
deny contains msg if {
	some name, doc in wiring
	some domain, upstream in object.get(doc, "proxies", {})
	declared := domains[domain]
	[address, port] := endpoint(upstream)
	target := host_at(name, address)
	not runs(target, declared.service, declared.port, port)
	entry := fleet.registry[declared.service][declared.port]
	msg := sprintf("%v: the proxy for %v forwards to %v, but %v.%v runs on %v port %v", [name, domain, upstream, declared.service, declared.port, runners(declared.service), entry.port])
}

# ... and, for a name the fleet does not declare, a port that host binds.
deny contains msg if {
	some name, doc in wiring
	some domain, upstream in object.get(doc, "proxies", {})
	not domains[domain]
	[address, port] := endpoint(upstream)
	target := host_at(name, address)
	count(claims(target, concat("/", [port, "tcp"]))) == 0
	msg := sprintf("%v: the proxy for %v forwards to %v, where %v binds no port %v", [name, domain, upstream, target, port])
}

# Every scrape target is a metrics port a host of the fleet binds.
deny contains msg if {
	some name, doc in wiring
	some target in object.get(doc, "scrapeTargets", [])
	not scraped(name, target)
	msg := sprintf("%v: prometheus scrapes %v, which is not a metrics port bound on a host of the fleet", [name, shown(target)])
}

scraped(name, text) if {
	[address, port] := endpoint(text)
	some claimant in claims(host_at(name, address), concat("/", [port, "tcp"]))
	claimant in fleet.metrics
}

# A record for a declared domain points at a host running its proxy.
deny contains msg if {
	some name, doc in wiring
	some text in object.get(doc, "dnsRecords", [])
	[record_name, address] := record(text)
	declared := domains[record_name]
	not proxied_at(declared.proxy, address)
	msg := sprintf("%v: DNS gives %v the address %v, but its proxy %v runs on %v", [name, record_name, address, declared.proxy, runners(declared.proxy)])
}

proxied_at(proxy, address) if {
	some port_name, entry in fleet.registry[proxy]
	runs(addresses[address], proxy, port_name, format_int(entry.port, 10))
}

# A record for a host's name gives its address ...
deny contains msg if {
	some name, doc in wiring
	some text in object.get(doc, "dnsRecords", [])
	[record_name, address] := record(text)
	not domains[record_name]
	label := split(record_name, ".")[0]
	some declared, owner in addresses
	owner == label
	address != declared
	msg := sprintf("%v: DNS gives %v the address %v, but %v's address is %v", [name, record_name, address, label, declared])
}

# ... and a fleet address is given only to its host's name or a domain its proxy serves.
deny contains msg if {
	some name, doc in wiring
	some text in object.get(doc, "dnsRecords", [])
	[record_name, address] := record(text)
	owner := addresses[address]
	not domains[record_name]
	split(record_name, ".")[0] != owner
	msg := sprintf("%v: DNS gives %v the address %v, which is %v's", [name, record_name, address, owner])
}

"""#

    static let wiringTest = #"""
package nixgen.wiring_test

import rego.v1

import data.nixgen.fixture
import data.nixgen.wiring

denies(doc) := result if {
	result := wiring.deny with input as doc with data.nixgen.fleet as fixture.fleet
}

with_wiring(name, patch) := object.union(fixture.input_doc, {"wiring": {name: object.union(object.get(fixture.input_doc.wiring, name, {}), patch)}})

test_declared_wiring_passes if {
	count(denies(fixture.input_doc)) == 0
}

test_proxy_to_a_host_outside_the_fleet if {
	"zeus: the proxy for grafana.example.org forwards to http://10.9.9.9:3000, which is no host of the fleet" in denies(with_wiring("zeus", {"proxies": {"grafana.example.org": "http://10.9.9.9:3000"}}))
}

test_proxy_left_behind_by_a_moved_service if {
	"zeus: the proxy for grafana.example.org forwards to http://10.0.0.2:3000, but grafana.http runs on zeus port 3000" in denies(with_wiring("zeus", {"proxies": {"grafana.example.org": "http://10.0.0.2:3000"}}))
}

test_proxy_to_an_old_port if {
	"zeus: the proxy for grafana.example.org forwards to http://10.0.0.3:3001, but grafana.http runs on zeus port 3000" in denies(with_wiring("zeus", {"proxies": {"grafana.example.org": "http://10.0.0.3:3001"}}))
}

test_proxy_for_an_undeclared_name_to_an_unbound_port if {
	"zeus: the proxy for extra.example.org forwards to http://10.0.0.2:8080, where atlas binds no port 8080" in denies(with_wiring("zeus", {"proxies": {"extra.example.org": "http://10.0.0.2:8080"}}))
	count(denies(with_wiring("zeus", {"proxies": {"extra.example.org": "http://10.0.0.2:3000"}}))) == 0
}

test_scrape_target_of_a_removed_host if {
	"zeus: prometheus scrapes 10.0.0.9:9100, which is not a metrics port bound on a host of the fleet" in denies(with_wiring("zeus", {"scrapeTargets": ["10.0.0.9:9100"]}))
}

test_loopback_reaches_the_host_itself if {
	count(denies(with_wiring("zeus", {"proxies": {"grafana.example.org": "http://127.0.0.1:3000"}, "scrapeTargets": ["localhost:3000", "[::1]:3000"]}))) == 0
	"atlas: the proxy for grafana.example.org forwards to http://127.0.0.1:3000, but grafana.http runs on zeus port 3000" in denies(with_wiring("atlas", {"proxies": {"grafana.example.org": "http://127.0.0.1:3000"}}))
}

test_scrape_target_that_is_not_a_metrics_port if {
	"zeus: prometheus scrapes 10.0.0.2:3000, which is not a metrics port bound on a host of the fleet" in denies(with_wiring("zeus", {"scrapeTargets": ["10.0.0.2:3000"]}))
}

test_scrape_target_judged_on_the_evaluated_bindings if {
	as_expected := object.union(fixture.without_host("zeus"), {"hosts": {"zeus": {"asExpected": true}}})
	count(denies(as_expected)) == 0
	unbound := fixture.with_replaced("zeus", "bindings", {"443/tcp": ["grafana/https"]})
	"zeus: prometheus scrapes 10.0.0.3:3000, which is not a metrics port bound on a host of the fleet" in denies(unbound)
}

test_record_of_a_domain_not_at_its_proxy if {
	"zeus: DNS gives grafana.example.org the address 10.0.0.2, but its proxy grafana runs on zeus" in denies(with_wiring("zeus", {"dnsRecords": ["\"grafana.example.org. IN A 10.0.0.2\""]}))
}

test_record_of_a_host_with_another_address if {
	"zeus: DNS gives atlas.lan the address 10.0.0.9, but atlas's address is 10.0.0.2" in denies(with_wiring("zeus", {"dnsRecords": ["\"atlas.lan. IN A 10.0.0.9\""]}))
}

test_stale_name_for_a_fleet_address if {
	"zeus: DNS gives old.lan the address 10.0.0.2, which is atlas's" in denies(with_wiring("zeus", {"dnsRecords": ["old.lan. 300 IN A 10.0.0.2"]}))
}

test_records_the_policies_do_not_judge if {
	count(denies(with_wiring("zeus", {"dnsRecords": ["\"printer.lan. IN A 10.0.1.9\"", "\"atlas.lan. IN TXT hello\""]}))) == 0
}

"""#
}
