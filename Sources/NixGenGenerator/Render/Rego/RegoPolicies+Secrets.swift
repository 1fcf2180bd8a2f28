// Policies on secrets: see RegoPolicies.swift.

import NixGen

extension RegoPolicies {
    static let secrets = #"""
# Secrets: every secret secrix installs is a declared reference to an encrypted file committed
# under secrets/, its option reads secrix's decrypted path, and it is encrypted to exactly the
# declared host key and recipients.
package nixgen.secrets

import rego.v1

import data.nixgen.expected.deviating
import data.nixgen.text.shown

fleet := data.nixgen.fleet

hosts := object.get(input, "hosts", {})

secret_files := {file | some file in object.get(input, "secretFiles", [])}

declared_files := {reference.file | some declared in fleet.services; some reference in declared.secrets}

# secrets/ holds encrypted secrets only: never one in plaintext, never a link to somewhere else.
deny contains msg if {
	some file, kind in object.get(input, "secretFileKinds", {})
	kind != "age"
	msg := sprintf("%v is not an age-encrypted file but %v: secrets/ holds encrypted secrets only", [shown(file), kind_text[kind]])
}

kind_text := {"plaintext": "plaintext", "symlink": "a symbolic link", "other": "no regular file"}

# ... and only those the fleet declares.
deny contains msg if {
	some file, kind in object.get(input, "secretFileKinds", {})
	kind == "age"
	not file in declared_files
	msg := sprintf("%v is under secrets/, but no secret declares it", [shown(file)])
}

# secrix reads a secret only from an encrypted file under secrets/.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	some service, secrets in host.secrix
	some secret, installed in secrets
	not under_secrets(installed.file)
	msg := sprintf("%v: secret %v.%v is read from %v, which is not a file under secrets/", [name, service, secret, shown(installed.file)])
}

# ... which is committed to the repository (for a host equal to its expectation: the declared file).
deny contains msg if {
	some service, declared in fleet.services
	some secret, reference in declared.secrets
	not reference.file in secret_files
	some name in declared.hosts
	not name in deviating
	msg := sprintf("%v: secret %v.%v's file %v is not in the repository", [name, service, secret, reference.file])
}

deny contains msg if {
	some name in deviating
	host := hosts[name]
	some service, secrets in host.secrix
	some secret, installed in secrets
	under_secrets(installed.file)
	not installed.file in secret_files
	msg := sprintf("%v: secret %v.%v's file %v is not in the repository", [name, service, secret, installed.file])
}

# ... and is the declared one.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	some service, secrets in host.secrix
	some secret, installed in secrets
	declared := fleet.services[service].secrets[secret]
	installed.file != declared.file
	msg := sprintf("%v: secret %v.%v is read from %v, but the fleet declares %v", [name, service, secret, shown(installed.file), declared.file])
}

# secrix installs only declared secrets.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	some service, secrets in host.secrix
	some secret, _ in secrets
	not fleet.services[service].secrets[secret]
	msg := sprintf("%v: secrix installs %v.%v, which the fleet does not declare", [name, service, secret])
}

# Every declared secret of a service the host runs is installed.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	some service in fleet.hosts[name].services
	some secret, _ in fleet.services[service].secrets
	not host.secrix[service][secret]
	msg := sprintf("%v: %v's secret %v is not installed by secrix", [name, service, secret])
}

# A secret's option reads the file secrix decrypts, not a value or another path.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	some service in fleet.hosts[name].services
	some secret, declared in fleet.services[service].secrets
	is_string(declared.option)
	value := object.get(host.services[service].secrets, secret, null)
	expected := host.secrix[service][secret].path
	value != expected
	msg := sprintf("%v: %v is %v, but must be secrix's decrypted path %v", [name, declared.option, shown(value), expected])
}

# secrix encrypts to exactly the declared recipients.
deny contains msg if {
	some name in deviating
	host := hosts[name]
	host.platform == "nixos"
	some person in object.keys(host.recipients) | object.keys(fleet.recipients)
	object.get(host.recipients, person, []) != object.get(fleet.recipients, person, [])
	msg := sprintf("%v: secrix.defaultEncryptKeys.%v is %v, but the fleet declares %v", [name, person, shown(object.get(host.recipients, person, [])), shown(object.get(fleet.recipients, person, []))])
}

under_secrets(file) if {
	is_string(file)
	startswith(file, "secrets/")
	not contains(file, "..")
	not contains(file, "\n")
}

# A secret is installed no weaker than declared: its mode (secrix's default 0400 when none is
# declared), and its user and group where the fleet declares them.
deny contains msg if {
	some name in deviating
	some service, secrets in object.get(hosts[name], "secrix", {})
	some secret, installed in secrets
	declared := fleet.services[service].secrets[secret]
	some option in ["mode", "user", "group"]
	want := object.get(declared, option, null)
	want != null
	object.get(installed, option, null) != want
	msg := sprintf("%v: secret %v.%v is installed with %v %v, but the fleet declares %v", [name, service, secret, option, shown(object.get(installed, option, null)), shown(want)])
}

# No secret is pasted as a value (PastedSecretRules' names, environment.etc texts, WireGuard
# private keys): it would sit in the world-readable Nix store.
deny contains msg if {
	some name in deviating
	pasted := object.get(hosts[name], "pastedSecrets", [])
	is_array(pasted)
	some option in pasted
	msg := sprintf("%v: %v holds a secret as a literal value, in the world-readable Nix store: read it from a file secrix decrypts", [name, shown(option)])
}

"""#
}
