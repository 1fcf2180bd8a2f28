// Policies on hosts and services: see RegoPolicies.swift.

import NixGen

extension RegoPolicies {
    static let hosts = #"""
# Hosts: exactly the declared hosts, each with its file, its configuration in the flake, its name,
# system, host key and deployment settings as declared.
package nixgen.hosts

import rego.v1

import data.nixgen.expected.deviating
import data.nixgen.text.shown

fleet := data.nixgen.fleet

hosts := object.get(input, "hosts", {})

host_files := {file | some file in object.get(input, "hostFiles", [])}

flake := object.get(input, "flake", {})

# The flake's hosts per platform, as sets: membership tests stay cheap at any fleet size.
configured := {platform: {name | some name in object.get(flake, platform, [])} | some platform, _ in configurations}

configurations := {"darwin": "darwinConfigurations", "nixos": "nixosConfigurations"}

# Every declared host has its file under nix/hosts/.
deny contains msg if {
	some name, _ in fleet.platforms
	not concat("", [name, ".nix"]) in host_files
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
	some name in configured[platform]
	not declared_as(name, platform)
	msg := sprintf("flake.nix: %v.%v is not a declared %v host", [output, name, platform])
}

# The flake configures every declared host.
deny contains msg if {
	some name, platform in fleet.platforms
	not name in object.get(configured, platform, set())
	msg := sprintf("%v: flake.nix has no %v.%v", [name, configurations[platform], name])
}

# A host is called by its declared name.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	host.hostName != name
	msg := sprintf("%v: networking.hostName is %v", [name, shown(host.hostName)])
}

# A host runs the declared system.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	declared := fleet.hosts[name]
	host.system != declared.system
	msg := sprintf("%v: the configuration is for %v, but the host is declared %v", [name, host.system, declared.system])
}

# secrix encrypts a host's secrets to its declared key.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	declared := fleet.hosts[name]
	host.platform == "nixos"
	object.get(host, "hostPubKey", null) != declared.hostPubKey
	msg := sprintf("%v: secrix.hostPubKey is %v, but the fleet declares %v", [name, shown(object.get(host, "hostPubKey", null)), shown(declared.hostPubKey)])
}

# (The policies read the fleet's data by reference, never whole through a builtin such as
# object.get: OPA would convert all of it at every such call.)
declared_as(name, platform) if fleet.platforms[name] == platform

declares_deployment(name, tool) if count(fleet.hosts[name][tool]) > 0

deployment_tools := {"colmena": "colmena's deployment", "nixinate": "_module.args.nixinate"}

# Per tool and deviating host: the deployment settings the configuration has.
deployments := {tool: {name: settings |
	some name in deviating
	host := hosts[name]
	settings := object.get(host, tool, {})
	is_object(settings)
} |
	some tool, _ in deployment_tools
}

# nixinate and colmena deploy a host exactly as declared.
deny contains msg if {
	some tool, label in deployment_tools
	some name in deviating
	hosts[name]
	some key, value in fleet.hosts[name][tool]
	actual := object.get(object.get(deployments[tool], name, {}), key, null)
	actual != value
	msg := sprintf("%v: %v.%v is %v, but the fleet declares %v", [name, label, key, shown(actual), shown(value)])
}

# ... and no deployment target appears where the fleet declares none.
deny contains msg if {
	some tool, label in deployment_tools
	some name, settings in deployments[tool]
	not declares_deployment(name, tool)
	some key in ["host", "targetHost"]
	target := settings[key]
	target != null
	msg := sprintf("%v: %v.%v is %v, but the fleet declares no deployment", [name, label, key, shown(target)])
}

"""#

    static let services = #"""
# Services: each runs exactly where the fleet assigns it, whoever switched it on or off, and its
# requirements are met.
package nixgen.services

import rego.v1

import data.nixgen.expected.deviating
import data.nixgen.text.shown

fleet := data.nixgen.fleet

hosts := object.get(input, "hosts", {})

# Per deviating host: the services the fleet assigns to it, and those it really runs: switched on
# through nixgen or one of their own options, and not forced off through one of them. (A host equal
# to its expectation runs exactly what it is assigned.)
assignments := {name: {service | some service in fleet.hosts[name].services} | some name in deviating}

runs := {name: {service |
	some service, state in object.get(object.get(hosts, name, {}), "services", {})
	enables := object.get(state, "enables", [])
	true in array.concat([object.get(state, "nixgen", false)], enables)
	not false in enables
} |
	some name in deviating
}

# Services deviating hosts run, and [host, service] pairs they are assigned but do not run.
gained := {service | some _, services in runs; some service in services}

lost := {[name, service] | some name in deviating; some service in assignments[name] - runs[name]}

lost_by_service := {service: {name | some [name, other] in lost; other == service} | some [_, service] in lost}

runs_somewhere(service) if service in gained

runs_somewhere(service) if {
	count(fleet.services[service].hosts) > count(object.get(lost_by_service, service, set()))
}

# The hosts that run a service: those assigned it and equal to their expectation, and deviating
# hosts that run it.
runners(service) := {name | some name in fleet.services[service].hosts; not name in deviating} | {name |
	some name in deviating
	service in runs[name]
}

# A host runs only the services the fleet assigns to it.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	some service in runs[name] - object.get(assignments, name, set())
	msg := sprintf("%v: runs %v (%v), which the fleet does not assign to it", [name, service, switches(service, host.services[service])])
}

# Where it was switched on: nixgen's enable, or the service's own options.
switches(service, state) := concat(" and ", [sprintf("%v = true", [option]) |
	some i, option in fleet.services[service].enables
	state.enables[i] == true
]) if {
	state.nixgen != true
} else := sprintf("nixgen.services.%v.enable = true", [service])

# A host switches on, through nixgen, every service the fleet assigns to it.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	some service in object.get(assignments, name, set())
	object.get(object.get(host.services, service, {}), "nixgen", false) != true
	msg := sprintf("%v: %v is assigned, but nixgen.services.%v.enable is not true", [name, service, service])
}

# Nothing switches an assigned service off behind nixgen's back (`mkForce false`).
deny contains msg if {
	some name in deviating
	host := hosts[name]
	some service in object.get(assignments, name, set())
	some i, option in fleet.services[service].enables
	value := host.services[service].enables[i]
	value != true
	msg := sprintf("%v: %v is assigned, but %v is %v", [name, service, option, shown(value)])
}

# A same-host dependency runs on the same host.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	some service in runs[name]
	some dependency in fleet.services[service].dependencies
	dependency.scope == "sameHost"
	not dependency.service in runs[name]
	msg := sprintf("%v: %v requires %v on the same host", [name, service, dependency.service])
}

# A fleet-wide dependency runs on some host.
deny contains msg if {
	some service, declared in fleet.services
	some dependency in declared.dependencies
	dependency.scope == "fleet"
	not runs_somewhere(dependency.service)
	some name in runners(service)
	msg := sprintf("%v: %v requires %v, which no host runs", [name, service, dependency.service])
}

# A listening port is in the registry.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	some port, claimants in host.bindings
	some claimant in claimants
	parts := split(claimant, "/")
	not fleet.registry[parts[0]][parts[1]]
	msg := sprintf("%v: %v listens on %v as %v, which is not in the port registry", [name, parts[0], port, parts[1]])
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
