// Policies on hosts and services: see RegoPolicies.swift.

extension RegoPolicies {
    static let hosts = #"""
# Hosts: exactly the declared hosts, each with its file, its configuration in the flake, its name,
# system, host key and deployment settings as declared.
package nixgen.hosts

import rego.v1

import data.nixgen.text.shown

fleet := data.nixgen.fleet

hosts := object.get(input, "hosts", {})

host_files := object.get(input, "hostFiles", [])

flake := object.get(input, "flake", {})

configurations := {"darwin": "darwinConfigurations", "nixos": "nixosConfigurations"}

# Every declared host has its file under nix/hosts/.
deny contains msg if {
	some name, _ in fleet.hosts
	not sprintf("%v.nix", [name]) in host_files
	msg := sprintf("%v: nix/hosts/%v.nix is missing", [name, name])
}

# nix/hosts/ holds no file of an undeclared host.
deny contains msg if {
	some file in host_files
	not fleet.hosts[trim_suffix(file, ".nix")]
	msg := sprintf("nix/hosts/%v is not a declared host", [file])
}

# The flake configures no undeclared host.
deny contains msg if {
	some platform, output in configurations
	some name in object.get(flake, platform, [])
	object.get(object.get(fleet.hosts, name, {}), "platform", "") != platform
	msg := sprintf("flake.nix: %v.%v is not a declared %v host", [output, name, platform])
}

# The flake configures every declared host.
deny contains msg if {
	some name, declared in fleet.hosts
	not name in object.get(flake, declared.platform, [])
	msg := sprintf("%v: flake.nix has no %v.%v", [name, configurations[declared.platform], name])
}

# A host is called by its declared name.
deny contains msg if {
	some name, host in hosts
	host.hostName != name
	msg := sprintf("%v: networking.hostName is %v", [name, shown(host.hostName)])
}

# A host runs the declared system.
deny contains msg if {
	some name, host in hosts
	declared := fleet.hosts[name]
	host.system != declared.system
	msg := sprintf("%v: the configuration is for %v, but the host is declared %v", [name, host.system, declared.system])
}

# secrix encrypts a host's secrets to its declared key.
deny contains msg if {
	some name, host in hosts
	declared := fleet.hosts[name]
	host.platform == "nixos"
	object.get(host, "hostPubKey", null) != declared.hostPubKey
	msg := sprintf("%v: secrix.hostPubKey is %v, but the fleet declares %v", [name, shown(object.get(host, "hostPubKey", null)), shown(declared.hostPubKey)])
}

# nixinate deploys a host exactly as declared.
deny contains msg if {
	some name, host in hosts
	some key, value in deployment_difference(object.get(host, "nixinate", null), fleet.hosts[name].nixinate)
	msg := sprintf("%v: _module.args.nixinate.%v is %v, but the fleet declares %v", [name, key, shown(value[0]), shown(value[1])])
}

# colmena deploys a host exactly as declared.
deny contains msg if {
	some name, host in hosts
	some key, value in deployment_difference(object.get(host, "colmena", null), fleet.hosts[name].colmena)
	msg := sprintf("%v: colmena's deployment.%v is %v, but the fleet declares %v", [name, key, shown(value[0]), shown(value[1])])
}

# `{key: [actual, declared]}` for every declared setting that differs; a deployment present on one
# side only differs in every key of the other.
deployment_difference(actual, declared) := {key: [setting(actual, key), value] |
	some key, value in declared
	setting(actual, key) != value
} if {
	is_object(declared)
} else := {key: [value, null] |
	is_object(actual)
	some key, value in actual
	key in {"host", "targetHost"}
}

setting(deployment, key) := object.get(deployment, key, null) if {
	is_object(deployment)
} else := null

"""#

    static let services = #"""
# Services: each runs exactly where the fleet assigns it, whoever switched it on or off, and its
# requirements are met.
package nixgen.services

import rego.v1

import data.nixgen.text.shown

fleet := data.nixgen.fleet

hosts := object.get(input, "hosts", {})

assigned(name) := {service | some service in object.get(object.get(fleet.hosts, name, {}), "services", [])}

# Services a host really runs: switched on through nixgen, or through one of their own options,
# and not forced off through one of them.
running(host) := {service |
	some service, state in host.services
	switched_on(state)
	not switched_off(state)
}

switched_off(state) if {
	some value in state.enables
	value == false
}

switched_on(state) if state.nixgen == true

switched_on(state) if {
	some value in state.enables
	value == true
}

running_anywhere := {service |
	some _, host in hosts
	some service in running(host)
}

# A host runs only the services the fleet assigns to it.
deny contains msg if {
	some name, host in hosts
	some service in running(host) - assigned(name)
	msg := sprintf("%v: runs %v (%v), which the fleet does not assign to it", [name, service, switches(service, host.services[service])])
}

# Where it was switched on: nixgen's enable, or the service's own options.
switches(service, state) := concat(" and ", [sprintf("%v = true", [option]) |
	some option in enable_options(service)
	state.enables[index_of(service, option)] == true
]) if {
	state.nixgen != true
} else := sprintf("nixgen.services.%v.enable = true", [service])

enable_options(service) := object.get(object.get(fleet.services, service, {}), "enables", [])

index_of(service, option) := i if {
	some i, candidate in enable_options(service)
	candidate == option
}

# A host switches on, through nixgen, every service the fleet assigns to it.
deny contains msg if {
	some name, host in hosts
	some service in assigned(name)
	object.get(object.get(host.services, service, {}), "nixgen", false) != true
	msg := sprintf("%v: %v is assigned, but nixgen.services.%v.enable is not true", [name, service, service])
}

# Nothing switches an assigned service off behind nixgen's back (`mkForce false`).
deny contains msg if {
	some name, host in hosts
	some service in assigned(name)
	some i, option in enable_options(service)
	value := host.services[service].enables[i]
	value != true
	msg := sprintf("%v: %v is assigned, but %v is %v", [name, service, option, shown(value)])
}

# A same-host dependency runs on the same host.
deny contains msg if {
	some name, host in hosts
	some service in running(host)
	some dependency in fleet.services[service].dependencies
	dependency.scope == "sameHost"
	not dependency.service in running(host)
	msg := sprintf("%v: %v requires %v on the same host", [name, service, dependency.service])
}

# A fleet-wide dependency runs on some host.
deny contains msg if {
	some name, host in hosts
	some service in running(host)
	some dependency in fleet.services[service].dependencies
	dependency.scope == "fleet"
	not dependency.service in running_anywhere
	msg := sprintf("%v: %v requires %v, which no host runs", [name, service, dependency.service])
}

# A listening port is in the registry.
deny contains msg if {
	some name, host in hosts
	some binding in host.bindings
	not fleet.registry[binding.service][binding.name]
	msg := sprintf("%v: %v listens on %v/%v as %v, which is not in the port registry", [name, binding.service, shown(binding.port), binding.protocol, binding.name])
}

# The registry holds only declared ports.
deny contains msg if {
	some service, ports in object.get(input, "registry", {})
	some port_name, _ in ports
	not fleet.registry[service][port_name]
	msg := sprintf("registry: %v.%v is not declared by the fleet", [service, port_name])
}

"""#
}
