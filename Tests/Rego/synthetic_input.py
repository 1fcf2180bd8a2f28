#!/usr/bin/env python3
"""The policy input a compliant fleet evaluates to, built from the declared fleet alone.

  synthetic_input.py ROOT [--expanded] > input.json

ROOT is a rendered repository. For benchmarks at sizes Nix cannot evaluate in a test run (10,000
hosts): every host opens exactly its declared ports, binds the registry's numbers, runs its
services, installs its secrets and deploys as declared. Built independently of nix/expected.json,
then compared with it as nix/policy-input.nix does: an equal host becomes {"asExpected": true}.
The fields the fleet's data does not carry (who gets in, nftables, listeners) are taken from
nix/expected.json; the recorded evaluations check those against the real module system.
With --expanded every host keeps its whole document, so the policies examine all of them rule by
rule (the cost of a fleet in which every host deviates).
"""
import json
import os
import sys


FROM_EXPECTATION = ("listeners", "nftables", "nixUsers", "sshd", "sudo", "users")
DECLARED = ("nixUsers", "sshd", "sudo", "users")


def host_input(name, host, fleet, expectation):
    def ports(declared):
        return {"tcp": list(declared["tcp"]), "udp": list(declared["udp"]), "tcpRanges": [], "udpRanges": []}

    services = {}
    for service_name in host["services"]:
        service, on = fleet["services"][service_name], True
        services[service_name] = {
            "nixgen": on,
            "enables": [on if on else None for _ in service["enables"]],
            "ports": {port: (fleet["registry"][service_name][port]["port"] if on else None) for port in service["ports"]},
            "secrets": {secret: (f"/run/{service_name}-keys/{secret}" if on else None)
                        for secret, declared in service["secrets"].items() if declared["option"] is not None},
        }
    bindings = {}
    for service_name in host["services"]:
        for port, entry in fleet["registry"].get(service_name, {}).items():
            bindings.setdefault(f"{entry['port']}/{entry['protocol']}", []).append(f"{service_name}/{port}")
    bindings = {port: sorted(claimants) for port, claimants in bindings.items()}
    nixos = host["platform"] == "nixos"
    firewall = None
    if nixos:
        firewall = dict(ports(host["firewall"]["public"]), enable=True, trustedInterfaces=[], extraCommands=False,
                        extraInputRules=False, extraForwardRules=False, backend="iptables",
                        interfaces={interface: ports(host["firewall"]["lan"]) for interface in host["lanInterfaces"]}
                        if host["firewall"]["lan"]["tcp"] or host["firewall"]["lan"]["udp"] else {})
    def installed(service, secret, declared):
        entry = {"file": declared["file"], "path": f"/run/{service}-keys/{secret}", "mode": declared["mode"]}
        entry.update({option: declared[option] for option in ("user", "group") if option in declared})
        return entry

    secrix = {service: {secret: installed(service, secret, declared)
                        for secret, declared in fleet["services"][service]["secrets"].items()}
              for service in host["services"] if fleet["services"][service]["secrets"]} if nixos else {}
    return {
        "platform": host["platform"], "hostName": name, "system": host["system"], "firewall": firewall,
        "services": services, "secrix": secrix, "hostPubKey": host["hostPubKey"],
        "recipients": fleet["recipients"] if nixos else {}, "nixinate": host["nixinate"],
        "colmena": host["colmena"], "bindings": bindings,
        **{field: expectation.get(field) for field in FROM_EXPECTATION},
        # A compliant host holds every rendered option and pastes no secret.
        "options": [], "pastedSecrets": [],
    }


def main(root, expanded=False):
    fleet = json.load(open(os.path.join(root, "policies", "data", "fleet.json")))["nixgen"]["fleet"]
    expected = json.load(open(os.path.join(root, "nix", "expected.json")))["hosts"]
    hosts = {name: host_input(name, host, fleet, expected.get(name, {})) for name, host in fleet["hosts"].items()}
    if expanded:
        # As policy-input.nix sends a deviating host: with the declared values of its access.
        hosts = {name: dict(document, declared={field: expected.get(name, {}).get(field) for field in DECLARED})
                 for name, document in hosts.items()}
    else:
        hosts = {name: {"asExpected": True} if document == expected.get(name) else document for name, document in hosts.items()}
    secret_files = sorted({s["file"] for service in fleet["services"].values() for s in service["secrets"].values()})
    document = {
        # Every generated file as rendered.
        "generated": fleet.get("generated", {}),
        "flake": {platform: sorted(n for n, h in fleet["hosts"].items() if h["platform"] == platform) for platform in ("nixos", "darwin")},
        "hostFiles": sorted(f"{name}.nix" for name in fleet["hosts"]),
        "hosts": hosts,
        "registry": fleet["registry"],
        "secretFileKinds": {file: "age" for file in secret_files},
        "secretFiles": secret_files,
        # The synthetic fleet derives no wiring (no proxies, scrape jobs or DNS records).
        "wiring": {},
    }
    json.dump(document, sys.stdout)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or (len(sys.argv) == 3 and sys.argv[2] != "--expanded"):
        sys.exit(__doc__)
    main(sys.argv[1], expanded=len(sys.argv) == 3)
