#!/usr/bin/env python3
"""The mutation corpus: realistic hand edits to a rendered repository, each judged by check-policies.

  mutations.py DIR     DIR is the example fleet rendered, with its hardware modules and secret files

Every harmful edit must produce its specific deny (in OPA and regorus alike, which check-policies
enforces), never an evaluation error; every harmless edit must produce no deny at all. Prints one
line per edit and a summary of catches and false alarms per engine; exits 0 when every edit came
out as expected.
"""
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def module(host, text):
    """A user module, imported from the host's hardware file."""
    return [("write", "nix/modules/edit.nix", text), ("add", f"nix/hardware/{host}.nix", "imports = [ ../modules/edit.nix ];")]


# (name, edits, expected deny substring). Hosts: atlas runs forgejo and postgresql, demeter grafana,
# loki and prometheus, eos nginx (proxying git, grafana and vault), gaia vaultwarden, helios
# jellyfin, iris and leto unbound; janus, eos and demeter form the wg0 mesh; every server runs openssh, tailscale and
# node-exporter; ariadne and selene are Macs.
HARMFUL = [
    ("port opened from a role", [("add", "nix/roles/server.nix", "networking.firewall.allowedTCPPorts = [ 8080 ];")],
     "atlas: the firewall opens 8080/tcp on every interface"),
    ("port opened from a hardware file", [("add", "nix/hardware/atlas.nix", "networking.firewall.allowedUDPPorts = [ 5353 ];")],
     "atlas: the firewall opens 5353/udp on every interface"),
    ("port opened from another module", module("helios", "{ networking.firewall.allowedTCPPorts = [ 9999 ]; }"),
     "helios: the firewall opens 9999/tcp on every interface"),
    ("firewall disabled", [("add", "nix/hosts/atlas.nix", "networking.firewall.enable = false;")],
     "atlas: networking.firewall.enable is false"),
    ("firewall disabled with mkForce", module("eos", "{ lib, ... }: { networking.firewall.enable = lib.mkForce false; }"),
     "eos: networking.firewall.enable is false"),
    ("port range everywhere", [("add", "nix/hardware/eos.nix", "networking.firewall.allowedTCPPortRanges = [ { from = 6000; to = 6010; } ];")],
     "eos: the firewall opens the port range {\"from\":6000,\"to\":6010}/tcp on every interface"),
    ("port range on the lan", [("add", "nix/hardware/eos.nix", "networking.firewall.interfaces.enp1s0.allowedUDPPortRanges = [ { from = 60000; to = 61000; } ];")],
     "eos: the firewall opens the port range {\"from\":60000,\"to\":61000}/udp on enp1s0"),
    ("local port opened on the lan", [("add", "nix/hardware/atlas.nix", "networking.firewall.interfaces.enp1s0.allowedTCPPorts = [ 5432 ];")],
     "atlas: the firewall opens 5432/tcp on enp1s0, which no lan or public port"),
    ("port opened on another interface", [("add", "nix/hardware/atlas.nix", "networking.firewall.interfaces.wg0.allowedTCPPorts = [ 22 ];")],
     "atlas: the firewall opens 22/tcp on wg0, which is not one of the host's lan interfaces"),
    ("trusted interface", [("add", "nix/hardware/atlas.nix", "networking.firewall.trustedInterfaces = [ \"enp1s0\" ];")],
     "atlas: the firewall trusts enp1s0"),
    ("extraCommands", [("add", "nix/hardware/atlas.nix", "networking.firewall.extraCommands = \"iptables -A INPUT -p tcp --dport 9999 -j ACCEPT\";")],
     "atlas: networking.firewall.extraCommands adds firewall rules"),
    ("openssh's own openFirewall", module("atlas", "{ lib, ... }: { services.openssh.openFirewall = lib.mkForce true; }"),
     "atlas: the firewall opens 22/tcp on every interface"),
    ("jellyfin's own openFirewall", module("helios", "{ services.jellyfin.openFirewall = true; }"),
     "helios: the firewall opens 8096/tcp on every interface"),
    # NixOS' exporters open their port with a rule of their own in extraCommands, not the port lists.
    ("node exporter's own openFirewall", module("iris", "{ services.prometheus.exporters.node.openFirewall = true; }"),
     "iris: networking.firewall.extraCommands adds firewall rules the policies cannot judge"),
    ("extra port in a service module", [("replace", "nix/services/jellyfin.nix", "allowedTCPPorts = [ ports.jellyfin.http.port ];", "allowedTCPPorts = [ ports.jellyfin.http.port 8920 ];")],
     "helios: the firewall opens 8920/tcp on enp1s0"),
    ("public port no longer opened", [("replace", "nix/services/tailscale.nix", "networking.firewall.allowedUDPPorts = [ ports.tailscale.wireguard.port ];", "")],
     "atlas: 41641/udp is a public port, but the firewall does not open it on every interface"),
    ("lan port opened everywhere", [("add", "nix/hardware/demeter.nix", "networking.firewall.allowedTCPPorts = [ 3000 ];")],
     "demeter: the firewall opens 3000/tcp on every interface"),
    ("extra lan interface", [("replace", "nix/hosts/atlas.nix", "lanInterfaces = [ \"enp1s0\" ];", "lanInterfaces = [ \"enp1s0\" \"wlan0\" ];")],
     "atlas: the firewall opens 22/tcp on wlan0, which is not one of the host's lan interfaces"),
    ("renamed lan interface", [("replace", "nix/hosts/atlas.nix", "lanInterfaces = [ \"enp1s0\" ];", "lanInterfaces = [ \"eth0\" ];")],
     "atlas: 22/tcp is a lan port, but the firewall does not open it on enp1s0"),
    ("port literal in a service module", [("replace", "nix/services/grafana.nix", "http_port = ports.grafana.http.port;", "http_port = 3001;")],
     "demeter: services.grafana.settings.server.http_port is 3001, but the registry gives grafana.http port 3000"),
    ("port forced from a user module", module("demeter", "{ lib, ... }: { services.grafana.settings.server.http_port = lib.mkForce 3002; }"),
     "demeter: services.grafana.settings.server.http_port is 3002"),
    ("unbound's port forced", module("iris", "{ lib, ... }: { services.unbound.settings.server.port = lib.mkForce 5353; }"),
     "iris: services.unbound.settings.server.port is 5353"),
    ("registry edited", [("replace", "nix/registry/ports.nix", "port = 8096;", "port = 8097;")],
     "registry: jellyfin.http is {\"exposure\":\"lan\",\"port\":8097,\"protocol\":\"tcp\"}"),
    ("registry edited under a bound port", [("replace", "nix/registry/ports.nix", "port = 9090;", "port = 9091;")],
     "demeter: services.prometheus.port is 9091, but the registry gives prometheus.http port 9090"),
    ("port added to the registry", [("replace", "nix/registry/ports.nix", "  jellyfin = {", "  jellyfin = {\n    debug = { exposure = \"local\"; port = 6060; protocol = \"tcp\"; };")],
     "registry: jellyfin.debug is not declared by the fleet"),
    ("second binding of a port", module("atlas", "{ nixgen.bindings = [ { name = \"api\"; port = 3000; protocol = \"tcp\"; service = \"grafana\"; } ]; }"),
     "atlas: port 3000/tcp is bound by forgejo.http and grafana.api"),
    ("service switched on from a role", [("add", "nix/roles/server.nix", "services.jellyfin.enable = true;")],
     "atlas: runs jellyfin (services.jellyfin.enable = true), which the fleet does not assign to it"),
    ("service switched on from a hardware file", [("add", "nix/hardware/atlas.nix", "services.mosquitto.enable = true;")],
     "atlas: runs mosquitto (services.mosquitto.enable = true)"),
    ("nixgen service switched on by a user module", module("atlas", "{ imports = [ ../services/loki.nix ]; nixgen.services.loki.enable = true; }"),
     "atlas: runs loki (nixgen.services.loki.enable = true), which the fleet does not assign to it"),
    ("service forced off", module("helios", "{ lib, ... }: { services.jellyfin.enable = lib.mkForce false; }"),
     "helios: jellyfin is assigned, but services.jellyfin.enable is false"),
    ("nixgen enable switched off in the host file", [("replace", "nix/hosts/helios.nix", "jellyfin.enable = true;", "jellyfin.enable = false;")],
     "helios: jellyfin is assigned, but nixgen.services.jellyfin.enable is not true"),
    ("dependency forced off", module("atlas", "{ lib, ... }: { services.postgresql.enable = lib.mkForce false; }"),
     "atlas: forgejo requires postgresql on the same host"),
    ("secret pasted inline", [("replace", "nix/services/forgejo.nix", "passwordFile = config.secrix.services.forgejo.secrets.db-password.decrypted.path;", "passwordFile = \"/etc/forgejo-db-password\";")],
     "atlas: services.forgejo.database.passwordFile is /etc/forgejo-db-password, but must be secrix's decrypted path"),
    ("secret option forced elsewhere", module("atlas", "{ lib, ... }: { services.restic.backups.nightly.passwordFile = lib.mkForce \"/root/restic-password\"; }"),
     "atlas: services.restic.backups.nightly.passwordFile is /root/restic-password"),
    ("secret read from outside secrets/", [("replace", "nix/services/restic.nix", "../../secrets/restic/password.age", "../registry/ports.nix")],
     "atlas: secret restic.password is read from nix/registry/ports.nix, which is not a file under secrets/"),
    ("secret file not committed", [("replace", "nix/services/restic.nix", "../../secrets/restic/password.age", "../../secrets/restic/other.age")],
     "atlas: secret restic.password's file secrets/restic/other.age is not in the repository"),
    ("an age file no secret declares", [("write", "secrets/notes/todo.age", "age-encryption.org/v1\n-> X25519 x\nAAAA\n--- x\n")],
     "secrets/notes/todo.age is under secrets/, but no secret declares it"),
    ("a plaintext secret beside the encrypted one", [("write", "secrets/forgejo/db-password", "hunter2\n")],
     "secrets/forgejo/db-password is not an age-encrypted file but plaintext: secrets/ holds encrypted secrets only"),
    ("a plaintext secret in place of the encrypted one", [("write", "secrets/forgejo/db-password.age", "hunter2\n")],
     "secrets/forgejo/db-password.age is not an age-encrypted file but plaintext: secrets/ holds encrypted secrets only"),
    ("a link under secrets/", [("symlink", "secrets/vaultwarden/environment.age", "/etc/shadow")],
     "secrets/vaultwarden/environment.age is not an age-encrypted file but a symbolic link: secrets/ holds encrypted secrets only"),
    ("secret file deleted", [("remove", "secrets/forgejo/db-password.age")],
     "atlas: secret forgejo.db-password's file secrets/forgejo/db-password.age is not in the repository"),
    ("undeclared secret installed", module("atlas", "{ secrix.services.forgejo.secrets.extra.encrypted.file = ../../secrets/forgejo/db-password.age; }"),
     "atlas: secrix installs forgejo.extra, which the fleet does not declare"),
    ("swapped host key", [("replace", "nix/hosts/atlas.nix", "AAAAC3NzaC1lZDI1NTE5AAAAIHyCYCUAhXqm7QzzjEw+TsZFvcqoLAC5FV6wi+EAx3ip", "AAAAC3NzaC1lZDI1NTE5AAAAIEvilEvilEvilEvilEvilEvilEvilEvilEvilEvil0")],
     "atlas: secrix.hostPubKey is ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEvilEvilEvilEvilEvilEvilEvilEvilEvilEvil0"),
    ("swapped recipient", [("replace", "nix/secrix.nix", "ops@example.org", "eve@example.org")],
     "atlas: secrix.defaultEncryptKeys.ops is ssh-ed25519"),
    ("extra recipient", module("atlas", "{ secrix.defaultEncryptKeys.eve = [ \"ssh-ed25519 AAAAeve\" ]; }"),
     "atlas: secrix.defaultEncryptKeys.eve is ssh-ed25519 AAAAeve"),
    ("changed deploy target", [("replace", "nix/hosts/atlas.nix", "host = \"10.0.0.2\";", "host = \"10.9.9.9\";")],
     "atlas: _module.args.nixinate.host is 10.9.9.9, but the fleet declares 10.0.0.2"),
    ("changed deploy user", [("replace", "nix/hosts/atlas.nix", "sshUser = \"deploy\";", "sshUser = \"root\";")],
     "atlas: _module.args.nixinate.sshUser is root, but the fleet declares deploy"),
    ("changed colmena target", [("replace", "flake.nix", "targetHost = \"10.0.0.2\";", "targetHost = \"10.9.9.9\";")],
     "atlas: colmena's deployment.targetHost is 10.9.9.9, but the fleet declares 10.0.0.2"),
    ("extra host in the flake", [("replace", "flake.nix", "      nixosConfigurations = {\n", "      nixosConfigurations = {\n        extra = nixpkgs.lib.nixosSystem { modules = [ secrix.nixosModules.secrix ./nix/secrix.nix ./nix/hosts/atlas.nix ]; };\n")],
     "flake.nix: nixosConfigurations.extra is not a declared nixos host"),
    ("host file copied", [("copy", "nix/hosts/atlas.nix", "nix/hosts/ghost.nix")],
     "nix/hosts/ghost.nix is not a declared host"),
    ("host name forced", module("atlas", "{ lib, ... }: { networking.hostName = lib.mkForce \"evil\"; }"),
     "atlas: networking.hostName is evil"),
    ("host built for another system", [("replace", "nix/hosts/atlas.nix", "hostPlatform = \"x86_64-linux\";", "hostPlatform = \"aarch64-linux\";")],
     "atlas: the configuration is for aarch64-linux, but the host is declared x86_64-linux"),
    ("proxy left on the old host of a moved service", [("replace", "nix/services/nginx.nix", "inventory.hosts.demeter.address}:${toString ports.grafana", "inventory.hosts.pallas.address}:${toString ports.grafana")],
     "eos: the proxy for grafana.example.org forwards to http://10.0.0.17:3000, but grafana.http runs on demeter port 3000"),
    ("proxy with a stale port literal", [("replace", "nix/services/nginx.nix", "${toString ports.grafana.http.port}", "3001")],
     "eos: the proxy for grafana.example.org forwards to http://10.0.0.5:3001, but grafana.http runs on demeter port 3000"),
    ("hand-written virtual host for a removed host", module("eos", '{ services.nginx.virtualHosts."old.example.org".locations."/".proxyPass = "http://10.0.0.99:8080"; }'),
     "eos: the proxy for old.example.org forwards to http://10.0.0.99:8080, which is no host of the fleet"),
    ("scrape target of a removed host", module("demeter", '{ services.prometheus.scrapeConfigs = [ { job_name = "runner"; static_configs = [ { targets = [ "10.0.0.99:9100" ]; } ]; } ]; }'),
     "demeter: prometheus scrapes 10.0.0.99:9100, which is not a metrics port bound on a host of the fleet"),
    ("scrape target that is no metrics port", module("demeter", '{ services.prometheus.scrapeConfigs = [ { job_name = "forge"; static_configs = [ { targets = [ "10.0.0.2:3000" ]; } ]; } ]; }'),
     "demeter: prometheus scrapes 10.0.0.2:3000, which is not a metrics port bound on a host of the fleet"),
    ("DNS record of a domain at the service instead of its proxy", module("iris", '{ services.unbound.settings.server.local-data = [ "\\"grafana.example.org. IN A 10.0.0.5\\"" ]; }'),
     "iris: DNS gives grafana.example.org the address 10.0.0.5, but its proxy nginx runs on eos"),
    ("DNS record with another host's address", module("leto", '{ services.unbound.settings.server.local-data = [ "\\"atlas.lan. IN A 10.0.0.3\\"" ]; }'),
     "leto: DNS gives atlas.lan the address 10.0.0.3, but atlas's address is 10.0.0.2"),
    # Access: who gets in is what the declaration grants.
    ("extra key for the deploy user on every server", [("add", "nix/roles/server.nix", 'users.users.deploy.openssh.authorizedKeys.keys = [ "ssh-ed25519 AAAAevil" ];')],
     "atlas: users.deploy is"),
    ("root login key in a hardware file", [("add", "nix/hardware/atlas.nix", 'users.users.root.openssh.authorizedKeys.keys = [ "ssh-ed25519 AAAAroot" ];')],
     "atlas: users.root is"),
    ("an account with a login key", module("atlas", "{ users.users.alice = { isNormalUser = true; openssh.authorizedKeys.keys = [ \"ssh-ed25519 AAAAalice\" ]; }; }"),
     "atlas: users.alice is"),
    ("a second wheel user", module("atlas", "{ users.users.bob = { isNormalUser = true; extraGroups = [ \"wheel\" ]; }; }"),
     "atlas: users.bob is"),
    ("password-less sudo for a second user", module("atlas", '{ security.sudo.extraRules = [ { users = [ "alice" ]; commands = [ { command = "ALL"; options = [ "NOPASSWD" ]; } ]; } ]; }'),
     "atlas: sudo.rules is"),
    ("wheel without a password", module("atlas", "{ security.sudo.wheelNeedsPassword = false; }"),
     "atlas: sudo.wheelNeedsPassword is false, but the fleet declares true"),
    ("@users trusted by Nix", module("atlas", '{ nix.settings.trusted-users = [ "@users" ]; }'),
     "atlas: nixUsers.trusted is"),
    ("password login forced on", module("atlas", "{ lib, ... }: { services.openssh.settings.PasswordAuthentication = lib.mkForce true; }"),
     "atlas: sshd's PasswordAuthentication is true, but the fleet declares false"),
    ("root login forced on", module("atlas", '{ lib, ... }: { services.openssh.settings.PermitRootLogin = lib.mkForce "yes"; }'),
     "atlas: sshd's PermitRootLogin is yes, but the fleet declares prohibit-password"),
    # Exposure in other forms, and second listeners.
    ("nftables table", module("atlas", '{ networking.nftables.tables.open = { family = "inet"; content = "chain input { tcp dport 8080 accept; }"; }; }'),
     "atlas: networking.nftables.tables.open adds firewall rules the policies cannot judge"),
    ("nftables ruleset", module("atlas", '{ networking.nftables.ruleset = "table inet open { }"; }'),
     "atlas: networking.nftables.ruleset adds firewall rules the policies cannot judge"),
    ("extraInputRules", [("add", "nix/hardware/atlas.nix", 'networking.firewall.extraInputRules = "tcp dport 8080 accept";')],
     "atlas: networking.firewall.extraInputRules adds firewall rules the policies cannot judge"),
    ("a systemd socket on 0.0.0.0:8080", module("atlas", '{ systemd.sockets.backdoor = { wantedBy = [ "sockets.target" ]; listenStreams = [ "0.0.0.0:8080" ]; }; }'),
     "atlas: systemd.sockets.backdoor listens on 0.0.0.0:8080/tcp, which no port declared on the host is"),
    ("forgejo's second SSH listener", module("atlas", "{ services.forgejo.settings.server.SSH_LISTEN_PORT = 2223; }"),
     "atlas: services.forgejo.settings.server.SSH_LISTEN_PORT listens on 2223/tcp"),
    ("a binding without a port", module("atlas", '{ nixgen.bindings = [ { name = "x"; port = null; protocol = "tcp"; service = "forgejo"; } ]; }'),
     "atlas: forgejo.x binds no port number"),
    # Secrets no weaker than declared.
    ("secret mode widened", module("atlas", '{ lib, ... }: { secrix.services.restic.secrets.password.decrypted.mode = lib.mkForce "0444"; }'),
     "atlas: secret restic.password is installed with mode 0444, but the fleet declares 0400"),
    ("secret owner changed", module("atlas", '{ lib, ... }: { secrix.services.forgejo.secrets.db-password.decrypted.user = lib.mkForce "nobody"; }'),
     "atlas: secret forgejo.db-password is installed with user nobody, but the fleet declares forgejo"),
    ("comment in a host file (a generated file)", [("add", "nix/hosts/atlas.nix", "# reviewed by ops")],
     "nix/hosts/atlas.nix was edited by hand"),
    ("comment in the registry (a generated file)", [("replace", "nix/registry/ports.nix", "{\n", "{\n  # the single source of truth\n")],
     "nix/registry/ports.nix was edited by hand"),
    ("CRLF line endings in a host file (a generated file)", [("crlf", "nix/hosts/atlas.nix")],
     "nix/hosts/atlas.nix was edited by hand"),
    ("CRLF line endings in a service module (a generated file)", [("crlf", "nix/services/grafana.nix")],
     "nix/services/grafana.nix was edited by hand"),
    ("reformatted service module (a generated file)", [("reindent", "nix/services/jellyfin.nix")],
     "nix/services/jellyfin.nix was edited by hand"),
    ("blank lines in the flake (a generated file)", [("replace", "flake.nix", "    in\n", "    in\n\n\n")],
     "flake.nix was edited by hand"),
    ("role importing a service module (a generated file)", [("add", "nix/roles/server.nix", "imports = [ ../services/grafana.nix ];")],
     "nix/roles/server.nix was edited by hand"),
    # Rendered options and the wiring they derive.
    ("grafana's datasource on a removed host", module("demeter", '{ lib, ... }: { services.grafana.provision.datasources.settings.datasources = lib.mkForce [ { name = "Prometheus"; type = "prometheus"; url = "http://10.0.0.99:9090"; } ]; }'),
     "demeter: services.grafana.provision.datasources.settings.datasources is"),
    ("the runners' forgejo URL left on a removed host", module("boreas", '{ lib, ... }: { services.gitea-actions-runner.instances.default.url = lib.mkForce "http://10.0.0.99:3000"; }'),
     "boreas: services.gitea-actions-runner.instances.default.url is http://10.0.0.99:3000, but the fleet renders http://10.0.0.2:3000"),
    ("an extra WireGuard peer for everything", module("eos", '{ networking.wireguard.interfaces.wg0.peers = [ { publicKey = "ZXZpbA=="; allowedIPs = [ "0.0.0.0/0" ]; endpoint = "203.0.113.9:51820"; } ]; }'),
     "eos: networking.wireguard.interfaces.wg0.peers is"),
    ("a WireGuard peer with a foreign key", module("janus", '{ lib, ... }: { networking.wireguard.interfaces.wg0.peers = lib.mkForce [ { publicKey = "ZXZpbA=="; allowedIPs = [ "10.100.0.3/32" ]; endpoint = "10.0.0.5:51820"; } ]; }'),
     "janus: networking.wireguard.interfaces.wg0.peers is"),
    ("a rendered setting forced elsewhere", module("atlas", '{ lib, ... }: { services.forgejo.settings.server.DOMAIN = lib.mkForce "evil.example.org"; }'),
     "atlas: services.forgejo.settings.server.DOMAIN is evil.example.org, but the fleet renders git.example.org"),
    # Secrets pasted as values.
    ("a password pasted into a service's settings", module("demeter", '{ lib, ... }: { services.grafana.settings.security.admin_password = lib.mkForce "hunter2"; }'),
     "demeter: services.grafana.settings.security.admin_password holds a secret as a literal value"),
    ("a token in environment.variables", module("atlas", '{ environment.variables.GITHUB_TOKEN = "ghp_0123456789"; }'),
     "atlas: environment.variables.GITHUB_TOKEN holds a secret as a literal value"),
    ("a password in environment.etc", module("atlas", '{ environment.etc."app.conf".text = "user = app\\npassword = hunter2\\n"; }'),
     "atlas: environment.etc.app.conf.text holds a secret as a literal value"),
    ("WireGuard's private key inlined", module("eos", '{ lib, ... }: { networking.wireguard.interfaces.wg0 = { privateKey = "aGVsbG8gd29ybGQ="; privateKeyFile = lib.mkForce null; generatePrivateKeyFile = lib.mkForce false; }; }'),
     "eos: networking.wireguard.interfaces.wg0.privateKey holds a secret as a literal value"),
    # The judging inputs themselves.
    ("policy-input.nix edited to answer as expected", [("add", "nix/hardware/atlas.nix", "networking.firewall.allowedTCPPorts = [ 8080 ];"),
                                                        ("replace", "nix/policy-input.nix", "if document == declared then", "if true then")],
     "nix/policy-input.nix was edited by hand"),
    ("expected.json edited together with the host", module("atlas", '{ lib, ... }: { networking.hostName = lib.mkForce "evil"; }')
     + [("replace", "nix/expected.json", '"hostName": "atlas",', '"hostName": "evil",')],
     "nix/expected.json was edited by hand"),
    ("an inventory entry nothing reads", [("replace", "nix/inventory.nix", "\n  hosts = {\n", "\n  unused = true;\n  hosts = {\n")],
     "nix/inventory.nix was edited by hand"),
]

HARMLESS = [
    ("module taking pkgs", module("atlas", "{ pkgs, ... }: { environment.systemPackages = [ pkgs.git pkgs.htop ]; }")),
    ("module taking lib and config", module("atlas", "{ config, lib, ... }: { time.timeZone = lib.mkForce \"Europe/Berlin\"; environment.etc.motd.text = config.networking.hostName; }")),
    ("plain attribute-set module", module("atlas", "{ services.journald.extraConfig = \"SystemMaxUse=1G\"; }")),
    ("lib.mkMerge", module("atlas", "{ lib, ... }: { config = lib.mkMerge [ { boot.kernelParams = [ \"quiet\" ]; } { boot.kernelParams = [ \"nosplash\" ]; } ]; }")),
    ("lib.optionals", module("atlas", "{ lib, pkgs, ... }: { environment.systemPackages = lib.optionals true [ pkgs.git ]; }")),
    ("explicit config", module("atlas", "{ config = { programs.git.enable = true; }; }")),
    ("port forced to the registry's number", module("demeter", "{ lib, ... }: { services.grafana.settings.server.http_port = lib.mkForce 3000; }")),
    ("declared public port opened twice", module("atlas", "{ services.tailscale.openFirewall = true; }")),
    ("declared lan port opened twice", [("add", "nix/hardware/atlas.nix", "networking.firewall.interfaces.enp1s0.allowedTCPPorts = [ 22 ];")]),
    ("mkDefault firewall setting", module("atlas", "{ lib, ... }: { networking.firewall.allowPing = lib.mkDefault false; }")),
    ("openssh hardening", module("atlas", "{ lib, ... }: { services.openssh.settings.PermitRootLogin = lib.mkForce \"no\"; }")),
    ("a service account without keys", module("atlas", '{ users.users.backup = { isSystemUser = true; group = "backup"; }; }')),
    ("an editor's lock file beside a host file", [("symlink", "nix/hosts/.#atlas.nix", "ops@laptop.4242:1700000000")]),
    ("the firewall on the nftables backend", module("atlas", "{ networking.nftables.enable = true; }")),
    ("a socket on a path", module("atlas", '{ systemd.sockets.helper = { listenStreams = [ "/run/helper.sock" ]; }; }')),
    ("sshd hardened further", module("atlas", "{ lib, ... }: { services.openssh.settings.KbdInteractiveAuthentication = false; }")),
    ("an environment variable naming a key file", module("atlas", '{ environment.variables.SSH_KEY_FILE = "/run/keys/deploy"; }')),
    ("an environment variable with the path of a token", module("atlas", '{ environment.variables.RUNNER_TOKEN = "/run/secrets/runner-token"; }')),
    ("a grafana setting the fleet does not render", module("demeter", "{ services.grafana.settings.analytics.reporting_enabled = false; }")),
    ("a user module file nobody imports", [("write", "nix/modules/unused.nix", "{ networking.firewall.allowedTCPPorts = [ 1 ]; }")]),
    ("a location without an upstream on a proxied name", module("eos", '{ services.nginx.virtualHosts."grafana.example.org".locations."/robots.txt".return = "200 \\"User-agent: *\\""; }')),
    ("a DNS record for a device outside the fleet", module("iris", '{ services.unbound.settings.server.local-data = [ "\\"printer.lan. IN A 10.0.1.50\\"" ]; }')),
    ("an extra scrape job for a metrics port of the fleet", module("demeter", '{ services.prometheus.scrapeConfigs = [ { job_name = "atlas"; static_configs = [ { targets = [ "10.0.0.2:9100" ]; } ]; } ]; }')),
    ("kernel and nix settings in the hardware file", [("add", "nix/hardware/janus.nix", "boot.kernelModules = [ \"kvm-intel\" ]; nix.settings.max-jobs = 4;")]),
]


def apply(root, edit):
    kind, path = edit[0], os.path.join(root, edit[1])
    if kind == "write":
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "w").write(edit[2])
        return
    if kind == "remove":
        os.remove(path)
        return
    if kind == "symlink":
        if os.path.lexists(path):
            os.remove(path)
        os.symlink(edit[2], path)
        return
    if kind == "copy":
        shutil.copy(path, os.path.join(root, edit[2]))
        return
    text = open(path, newline="").read()
    if kind == "add":
        end = text.rstrip().rfind("}")
        text = text[:end] + "  " + edit[2] + "\n" + text[end:]
    elif kind == "replace":
        if edit[2] not in text:
            raise ValueError(f"{edit[1]} does not contain {edit[2]!r}")
        text = text.replace(edit[2], edit[3])
    elif kind == "crlf":
        text = text.replace("\n", "\r\n")
    elif kind == "reindent":
        text = "\n".join(line.strip() for line in text.split("\n"))
    open(path, "w", newline="").write(text)


def judge(base, edits):
    with tempfile.TemporaryDirectory(prefix="nixgen-mutation-") as scratch:
        root = os.path.join(scratch, "repo")
        shutil.copytree(base, root, symlinks=True)
        for edit in edits:
            apply(root, edit)
        run = subprocess.run([os.path.join(HERE, "check-policies"), root], capture_output=True, text=True)
        try:
            report = json.loads(run.stdout)
        except json.JSONDecodeError:
            report = None
        return run.returncode, report, run.stderr.strip().splitlines()[-3:]


def main(base):
    cases = [(name, edits, expected) for name, edits, expected in HARMFUL] + [(name, edits, None) for name, edits in HARMLESS]
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda case: judge(base, case[1]), cases))
    counts = {engine: {"caught": 0, "missed": 0, "quiet": 0, "false alarms": 0} for engine in ("opa", "regorus")}
    failures = 0
    for (name, _, expected), (code, report, stderr) in zip(cases, results):
        if report is None or code == 2:
            failures += 1
            print(f"ERROR  {name}: exit {code}: {' / '.join(stderr)}")
            continue
        for engine in ("opa", "regorus"):
            messages = [m for ms in report[engine].values() for m in ms]
            if expected is None:
                counts[engine]["false alarms" if messages else "quiet"] += 1
            else:
                counts[engine]["caught" if any(expected in m for m in messages) else "missed"] += 1
        messages = [m for ms in report["opa"].values() for m in ms]
        ok = (not messages) if expected is None else any(expected in m for m in messages)
        failures += 0 if ok else 1
        shown = (messages[0] if messages else "no deny") if ok else f"expected {expected!r}, got {messages}"
        print(f"{'ok    ' if ok else 'FAIL  '}{'harmless' if expected is None else 'harmful '} {name}: {shown}")
    print(json.dumps({"harmful": len(HARMFUL), "harmless": len(HARMLESS), "engines": counts}))
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
