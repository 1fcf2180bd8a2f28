// The policies nixgen renders under policies/. They are fleet-independent: the fleet reaches them
// only as data (`policies/fleet.rego`). Written in `opa fmt` layout for Rego v1 (OPA 1.x, conftest).
// Edit them here; the golden trees show every change. (A multi-line literal drops the newline before
// its closing delimiter, hence the blank line that keeps each file's final newline.)

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
}
