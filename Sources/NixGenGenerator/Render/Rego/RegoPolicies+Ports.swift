// The ports policy: one service per port, every bound option the registry's number, and a
// firewall that opens exactly the declared ports, in every form the firewall has.
extension RegoPolicies {
    static let ports = #"""
# Ports: one service per port, every bound option the registry's number, and a firewall that opens
# exactly the declared ports: public ones on every interface, lan ones on the lan interfaces.
# (Rules look up per-host documents computed once instead of calling functions per host: at ten
# thousand hosts that is what keeps the policies linear and fast.)
package nixgen.ports

import rego.v1

import data.nixgen.expected.deviating
import data.nixgen.text.shown

fleet := data.nixgen.fleet

hosts := object.get(input, "hosts", {})

protocols := ["tcp", "udp"]

range_keys := {"tcp": "tcpRanges", "udp": "udpRanges"}

# Per deviating declared host: the ports it declares by exposure and protocol, as sets of numbers.
declared_ports := {name: {exposure: {protocol: {port | some port in object.get(object.get(ports, exposure, {}), protocol, [])} |
	some protocol in protocols
} |
	some exposure in ["lan", "public"]
} |
	some name in deviating
	ports := object.get(fleet.hosts[name], "firewall", {})
}

# Per deviating declared host: its lan interfaces.
lan_interfaces := {name: {interface | some interface in object.get(fleet.hosts[name], "lanInterfaces", [])} | some name in deviating}

# A (host, port, protocol) is bound by one service only. The input groups bindings by
# "port/protocol", each with its "service/port name" claimants.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	some port, claimants in host.bindings
	count(claimants) > 1
	msg := sprintf("%v: port %v is bound by %v", [name, port, concat(" and ", sort([replace(claimant, "/", ".") | some claimant in claimants]))])
}

# Every bound option has the registry's number, however the configuration set it.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	some service in fleet.hosts[name].services
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
	some name in deviating
	host := hosts[name]
	host.firewall.enable == false
	msg := sprintf("%v: networking.firewall.enable is false, which opens every listening port", [name])
}

# On every interface the firewall opens only the host's public ports.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	is_object(host.firewall)
	declared := declared_ports[name]
	some protocol in protocols
	some port in object.get(host.firewall, protocol, [])
	not port in declared.public[protocol]
	msg := sprintf("%v: the firewall opens %v/%v on every interface, which no public port of the host declares", [name, port, protocol])
}

# On a lan interface it opens only the host's lan and public ports.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	is_object(host.firewall)
	declared := declared_ports[name]
	some interface, ports in host.firewall.interfaces
	interface in lan_interfaces[name]
	is_object(ports)
	some protocol in protocols
	some port in object.get(ports, protocol, [])
	not port in declared.lan[protocol]
	not port in declared.public[protocol]
	msg := sprintf("%v: the firewall opens %v/%v on %v, which no lan or public port of the host declares", [name, port, protocol, interface])
}

# On any other interface it opens nothing of its own.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	is_object(host.firewall)
	declared := declared_ports[name]
	some interface, ports in host.firewall.interfaces
	not interface in lan_interfaces[name]
	is_object(ports)
	some protocol in protocols
	some port in object.get(ports, protocol, [])
	msg := sprintf("%v: the firewall opens %v/%v on %v, which is not one of the host's lan interfaces", [name, port, protocol, interface])
}

# Every public port is open on every interface.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	is_object(host.firewall)
	some protocol in protocols
	some port in declared_ports[name].public[protocol]
	not port in object.get(host.firewall, protocol, [])
	msg := sprintf("%v: %v/%v is a public port, but the firewall does not open it on every interface", [name, port, protocol])
}

# Every lan port is open on every lan interface.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	is_object(host.firewall.interfaces)
	some interface in lan_interfaces[name]
	some protocol in protocols
	some port in declared_ports[name].lan[protocol]
	not port in object.get(object.get(host.firewall.interfaces, interface, {}), protocol, [])
	msg := sprintf("%v: %v/%v is a lan port, but the firewall does not open it on %v", [name, port, protocol, interface])
}

# No port ranges on every interface: every open port is a declared one.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	is_object(host.firewall)
	some protocol, key in range_keys
	some range in object.get(host.firewall, key, [])
	msg := sprintf("%v: the firewall opens the port range %v/%v on every interface", [name, shown(range), protocol])
}

# ... nor on an interface.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	some interface, ports in host.firewall.interfaces
	is_object(ports)
	some protocol, key in range_keys
	some range in object.get(ports, key, [])
	msg := sprintf("%v: the firewall opens the port range %v/%v on %v", [name, shown(range), protocol, interface])
}

# No trusted interfaces: they open every port.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	some interface in host.firewall.trustedInterfaces
	msg := sprintf("%v: the firewall trusts %v, which opens every port on it", [name, interface])
}

# No hand-written firewall rules.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	host.firewall.extraCommands == true
	msg := sprintf("%v: networking.firewall.extraCommands adds firewall rules the policies cannot judge", [name])
}

# A privileged port is public only where the fleet declares it so.
deny contains msg if {
	some service, ports in object.get(input, "registry", {})
	some port_name, entry in ports
	entry.exposure == "public"
	entry.port < 1024
	not concat("/", [service, port_name]) in fleet.privileged
	msg := sprintf("registry: %v.%v exposes privileged port %v publicly without being declared privileged", [service, port_name, entry.port])
}

# The firewall's rule options beside the port lists add rules the policies cannot read.
deny contains msg if {
	some name in deviating
	firewall := object.get(hosts[name], "firewall", null)
	is_object(firewall)
	some option in ["extraInputRules", "extraForwardRules"]
	object.get(firewall, option, false) == true
	msg := sprintf("%v: networking.firewall.%v adds firewall rules the policies cannot judge", [name, option])
}

# nftables: a table besides NixOS' own firewall tables, or a ruleset of its own, opens what the
# policies cannot read (the nftables backend of the firewall itself is a choice, and judged as the
# firewall).
deny contains msg if {
	some name in deviating
	nftables := object.get(hosts[name], "nftables", null)
	is_object(nftables)
	some table in object.get(nftables, "tables", [])
	msg := sprintf("%v: networking.nftables.tables.%v adds firewall rules the policies cannot judge", [name, shown(table)])
}

deny contains msg if {
	some name in deviating
	nftables := object.get(hosts[name], "nftables", null)
	is_object(nftables)
	object.get(nftables, "ruleset", false) == true
	msg := sprintf("%v: networking.nftables.ruleset adds firewall rules the policies cannot judge", [name])
}

# Per deviating declared host: "number/protocol" of every port its services declare.
declared_listens := {name: {sprintf("%v/%v", [entry.port, entry.protocol]) |
	some service in object.get(fleet.hosts[name], "services", [])
	some entry in object.get(fleet.registry, service, {})
} |
	some name in deviating
	fleet.hosts[name]
}

# A second listener: a systemd socket or a service's own listen option on a port that no port
# declared on the host is (a path or an abstract socket has no port and is not judged).
deny contains msg if {
	some name in deviating
	listeners := object.get(hosts[name], "listeners", [])
	is_array(listeners)
	some listener in listeners
	parts := split(listener.listen, ":")
	last := parts[count(parts) - 1]
	regex.match(`^[0-9]+$`, last)
	key := sprintf("%v/%v", [to_number(last), listener.protocol])
	not key in object.get(declared_listens, name, set())
	msg := sprintf("%v: %v listens on %v/%v, which no port declared on the host is", [name, listener.source, shown(listener.listen), listener.protocol])
}

# A binding names the port it binds: one whose port is not a number (`port = null`) would hide
# that port from the clash check.
deny contains msg if {
	some name in deviating
	some key, claimants in object.get(hosts[name], "bindings", {})
	not regex.match(`^[0-9]+/(tcp|udp)$`, key)
	msg := sprintf("%v: %v binds no port number (%v)", [name, concat(" and ", sort([replace(claimant, "/", ".") | some claimant in claimants])), shown(key)])
}

"""#
}
