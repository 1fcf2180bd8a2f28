// The policies nixgen renders under policies/. They are fleet-independent: the fleet reaches them
// only as data (`policies/data/fleet.json`, `data.nixgen.fleet`). They judge the policy input, which
// Nix computes from each host's evaluated configuration. Written in `opa fmt` layout for Rego v1
// (OPA 1.x, conftest), and run in OPA and regorus alike: inputs are read through defaults, and
// messages show values through `nixgen.text.shown`, never `%v` of null, booleans or collections.
// (A multi-line literal drops the newline before its closing delimiter, hence the blank line that
// keeps each file's final newline.)

import NixGen

enum RegoPolicies {
    /// File name → Rego source (without the generated header).
    static var files: [String: String] { [
        "shape.rego": shape,
        "expected.rego": expected,
        "text.rego": text,
        "ports.rego": ports,
        "hosts.rego": hosts,
        "services.rego": services,
        "secrets.rego": secrets,
        "wiring.rego": wiring,
        "observed.rego": observed,
        "observed_test.rego": observedTest,
        "generated.rego": generated,
        "options.rego": options,
        "options_test.rego": optionsTest,
        "generated_test.rego": generatedTest,
        "fixture_test.rego": fixtureTest,
        "shape_test.rego": shapeTest,
        "ports_test.rego": portsTest,
        "hosts_test.rego": hostsTest,
        "services_test.rego": servicesTest,
        "secrets_test.rego": secretsTest,
        "wiring_test.rego": wiringTest,
    ] }

    /// The packages whose `deny` rules judge an input (the rest are helpers and tests).
    static let judging = ["shape", "ports", "hosts", "services", "secrets", "wiring", "observed", "options", "generated"]

    static let expected = #"""
# Expected: the hosts the policies examine rule by rule. nix/policy-input.nix compares each host's
# evaluated document with what the declaration makes it (nix/expected.json, which passes every
# policy) and sends an equal one as {"asExpected": true}. Every other host deviates, and so does a
# declared host the input lacks. This changes no verdict, only the cost: a compliant fleet of any
# size costs one comparison per host.
package nixgen.expected

import rego.v1

deviating contains name if {
	some name, host in object.get(input, "hosts", {})
	host != {"asExpected": true}
}

deviating contains name if {
	some name, _ in data.nixgen.fleet.platforms
	not input.hosts[name]
}

"""#

    static var shape: String { #"""
# Shape: the input is the document nix/policy-input.nix evaluates to. Every other policy reads it through
# defaults, so a missing or mistyped key is denied here instead of silencing them.
package nixgen.shape

import rego.v1

import data.nixgen.expected.deviating

document := {"flake": "object", "generated": "object", "hostFiles": "array", "hosts": "object", "registry": "object", "secretFileKinds": "object", "secretFiles": "array", "wiring": "object"}

\#(ObservableConfiguration.shapeRego)

# The input has every key the policies read, each of its type.
deny contains msg if {
	some key, kind in document
	not has_kind(input, key, kind)
	msg := sprintf("input: %v is missing or not of type %v (judge what nix/policy-input.nix evaluates to)", [key, kind])
}

# Every host of the input has every key the policies read ...
deny contains msg if {
	some name in deviating
	host := input.hosts[name]
	some key, kind in host_document
	not has_kind(host, key, kind)
	msg := sprintf("input: hosts.%v.%v is missing or not of type %v", [name, key, kind])
}

# ... and a NixOS host its firewall.
deny contains msg if {
	some name in deviating
	host := input.hosts[name]
	host.platform == "nixos"
	some key, kind in nixos_document
	not has_kind(host, key, kind)
	msg := sprintf("input: hosts.%v.%v is missing or not of type %v", [name, key, kind])
}

has_kind(doc, key, kind) if type_name(doc[key]) == kind

"""# }

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
}
