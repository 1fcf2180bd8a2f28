// The policies nixgen renders under policies/. They are fleet-independent: the fleet reaches them
// only as data (`policies/data/fleet.json`, `data.nixgen.fleet`). They judge the policy input, which
// Nix computes from each host's evaluated configuration. Written in `opa fmt` layout for Rego v1
// (OPA 1.x, conftest), and run in OPA and regorus alike: inputs are read through defaults, and
// messages show values through `nixgen.text.shown`, never `%v` of null, booleans or collections.
// (A multi-line literal drops the newline before its closing delimiter, hence the blank line that
// keeps each file's final newline.)

enum RegoPolicies {
    /// File name → Rego source (without the generated header).
    static let files: [String: String] = [
        "shape.rego": shape,
        "text.rego": text,
        "ports.rego": ports,
        "hosts.rego": hosts,
        "services.rego": services,
        "secrets.rego": secrets,
        "fixture_test.rego": fixtureTest,
        "shape_test.rego": shapeTest,
        "ports_test.rego": portsTest,
        "hosts_test.rego": hostsTest,
        "services_test.rego": servicesTest,
        "secrets_test.rego": secretsTest,
    ]

    /// The packages whose `deny` rules judge an input (the rest are helpers and tests).
    static let judging = ["shape", "ports", "hosts", "services", "secrets"]

    static let shape = #"""
# Shape: the input is the document nix/policy-input.nix evaluates to. Every other policy reads it through
# defaults, so a missing or mistyped key is denied here instead of silencing them.
package nixgen.shape

import rego.v1

document := {"flake": "object", "hostFiles": "array", "hosts": "object", "registry": "object", "secretFiles": "array"}

host_document := {
	"bindings": "array",
	"hostName": "string",
	"platform": "string",
	"recipients": "object",
	"secrix": "object",
	"services": "object",
	"system": "string",
}

nixos_document := {"firewall": "object"}

# The input has every key the policies read, each of its type.
deny contains msg if {
	some key, kind in document
	not has_kind(input, key, kind)
	msg := sprintf("input: %v is missing or not of type %v (judge what nix/policy-input.nix evaluates to)", [key, kind])
}

# Every host of the input has every key the policies read.
deny contains msg if {
	some name, host in object.get(input, "hosts", {})
	some key, kind in object.union(host_document, platform_document(host))
	not has_kind(host, key, kind)
	msg := sprintf("input: hosts.%v.%v is missing or not of type %v", [name, key, kind])
}

platform_document(host) := nixos_document if {
	host.platform == "nixos"
} else := {}

has_kind(doc, key, kind) if type_name(doc[key]) == kind

"""#

    static let text = #"""
# How the policies show a value in a message: the same text in every Rego engine (their `%v` of
# null, booleans and collections differ), strings as they are, everything else as JSON.
package nixgen.text

import rego.v1

shown(value) := value if {
	is_string(value)
} else := concat(" ", value) if {
	is_array(value)
	every item in value { is_string(item) }
} else := json.marshal(value)

"""#

    static let ports = #"""
# Ports: one service per port, every bound option the registry's number, and a firewall that opens
# exactly the declared ports: public ones on every interface, lan ones on the lan interfaces.
package nixgen.ports

import rego.v1

import data.nixgen.text.shown

fleet := data.nixgen.fleet

hosts := object.get(input, "hosts", {})

declared_host(name) := object.get(fleet.hosts, name, {})

declared(name, exposure) := {port | some port in object.get(object.get(declared_host(name), "firewall", {}), exposure, [])}

lan_interfaces(name) := object.get(declared_host(name), "lanInterfaces", [])

# `port/protocol` of every port a firewall scope (everywhere, or one interface) opens.
opened(ports) := {sprintf("%v/%v", [port, protocol]) |
	is_object(ports)
	some protocol in ["tcp", "udp"]
	some port in object.get(ports, protocol, [])
}

# A (host, port, protocol) is bound by one service only.
deny contains msg if {
	some name, host in hosts
	some a in host.bindings
	some b in host.bindings
	[a.service, a.name] < [b.service, b.name]
	[a.port, a.protocol] == [b.port, b.protocol]
	msg := sprintf("%v: port %v/%v is bound by both %v.%v and %v.%v", [name, a.port, a.protocol, a.service, a.name, b.service, b.name])
}

# Every bound option has the registry's number, however the configuration set it.
deny contains msg if {
	some name, host in hosts
	some service in object.get(declared_host(name), "services", [])
	some port_name, option in fleet.services[service].ports
	value := object.get(host.services[service].ports, port_name, null)
	expected := fleet.registry[service][port_name].port
	value != expected
	msg := sprintf("%v: %v is %v, but the registry gives %v.%v port %v", [name, option, shown(value), service, port_name, expected])
}

# The registry on disk is the declared one.
deny contains msg if {
	some service, ports in object.get(input, "registry", {})
	some port_name, entry in ports
	declared_entry := fleet.registry[service][port_name]
	entry != declared_entry
	msg := sprintf("registry: %v.%v is %v, but the fleet declares %v", [service, port_name, shown(entry), shown(declared_entry)])
}

# The firewall of a NixOS host is on: off, it would expose every listening port.
deny contains msg if {
	some name, host in hosts
	host.firewall.enable == false
	msg := sprintf("%v: networking.firewall.enable is false, which opens every listening port", [name])
}

# On every interface the firewall opens only the host's public ports.
deny contains msg if {
	some name, host in hosts
	some port in opened(host.firewall) - declared(name, "public")
	msg := sprintf("%v: the firewall opens %v on every interface, which no public port of the host declares", [name, port])
}

# On an interface it opens only lan and public ports, and only on the host's lan interfaces.
deny contains msg if {
	some name, host in hosts
	some interface, ports in host.firewall.interfaces
	some port in opened(ports) - allowed_on(name, interface)
	msg := sprintf("%v: the firewall opens %v on %v, which %v", [name, port, interface, not_allowed_reason(name, interface)])
}

allowed_on(name, interface) := declared(name, "lan") | declared(name, "public") if {
	interface in lan_interfaces(name)
} else := set()

not_allowed_reason(name, interface) := "no lan or public port of the host declares" if {
	interface in lan_interfaces(name)
} else := "is not one of the host's lan interfaces"

# Every public port is open on every interface.
deny contains msg if {
	some name, host in hosts
	is_object(host.firewall)
	some port in declared(name, "public")
	not port in opened(host.firewall)
	msg := sprintf("%v: %v is a public port, but the firewall does not open it on every interface", [name, port])
}

# Every lan port is open on every lan interface.
deny contains msg if {
	some name, host in hosts
	is_object(host.firewall)
	some interface in lan_interfaces(name)
	some port in declared(name, "lan")
	not port in opened(object.get(host.firewall.interfaces, interface, {}))
	msg := sprintf("%v: %v is a lan port, but the firewall does not open it on %v", [name, port, interface])
}

# No port ranges: every open port is a declared one.
deny contains msg if {
	some name, host in hosts
	is_object(host.firewall)
	some scope, ports in scopes(host.firewall)
	some protocol in ["tcp", "udp"]
	some range in object.get(ports, concat("", [protocol, "Ranges"]), [])
	msg := sprintf("%v: the firewall opens the port range %v/%v %v", [name, shown(range), protocol, scope])
}

scopes(firewall) := object.union({"on every interface": firewall}, {sprintf("on %v", [interface]): ports |
	some interface, ports in firewall.interfaces
})

# No trusted interfaces: they open every port.
deny contains msg if {
	some name, host in hosts
	some interface in host.firewall.trustedInterfaces
	msg := sprintf("%v: the firewall trusts %v, which opens every port on it", [name, interface])
}

# No hand-written firewall rules.
deny contains msg if {
	some name, host in hosts
	host.firewall.extraCommands == true
	msg := sprintf("%v: networking.firewall.extraCommands adds firewall rules the policies cannot judge", [name])
}

# A privileged port is public only where the fleet declares it so.
deny contains msg if {
	some service, ports in object.get(input, "registry", {})
	some port_name, entry in ports
	entry.exposure == "public"
	entry.port < 1024
	not concat(".", [service, port_name]) in object.get(fleet, "privileged", [])
	msg := sprintf("registry: %v.%v exposes privileged port %v publicly without being declared privileged", [service, port_name, entry.port])
}

"""#
}
