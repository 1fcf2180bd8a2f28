import NixGen
import NixGenCLICore
import NixGenGenerator

/// Fleets the golden tests render to `golden/<name>/`.
enum Fixtures {
    static let all: [(name: String, fleet: Fleet)] = [
        ("minimal", minimal), ("multi-service", multiService), ("hostile", hostile), ("keywords", keywords),
        ("operations", operations), ("wiring", wiring),
    ]

    static let aliceKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJhc2U2NGtleW9mYWxpY2Vmb3J0ZXN0c29ubHkxMjM0 alice@example.org"
    static let forgeKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZvcmdlaG9zdGtleWZvcnRlc3Rzb25seTEyMzQ1Njc4"
    static let admins = ["alice": [aliceKey]]

    /// SSH as every deployed fleet declares it: a registry port on the lan, opened by nixgen.
    static let openssh = Service("openssh") {
        Port("ssh", 22, exposure: .lan)
        Enable("services.openssh")
        Setting("services.openssh.ports", [.port("ssh")])
        Setting("services.openssh.openFirewall", false)
    }

    /// darwin hosts beside NixOS ones, secrets with recipients, and both deployment backends.
    static let operations: Fleet = {
        let restic = Service("restic", unit: "restic-backups-nightly") {
            Secret("password", file: "secrets/restic/password.age", boundTo: "services.restic.backups.nightly.passwordFile",
                   owner: "root", mode: "0400")
            Setting("services.restic.backups.nightly.repository", "sftp:backup@backup.example.org:/srv/restic")
            Setting("services.restic.backups.nightly.paths", ["/var/lib"])
        }
        let tailscale = Service("tailscale") {
            Supports(.nixos, .darwin)
            Port("wireguard", 41641, .udp, exposure: .public)
            Enable("services.tailscale")
        }
        let server = Role("server") { openssh }
        let workstation = Role("workstation") { tailscale }
        return Fleet(stateVersion: "26.05", darwinStateVersion: 6, deployers: [.nixinate, .colmena], admins: admins,
                     recipients: ["alice": [aliceKey]]) {
            Host("forge", system: .x86_64Linux, address: "10.4.0.1", lanInterfaces: ["enp1s0"], hostKey: forgeKey) {
                server
                restic
                tailscale
                Import("hardware/forge.nix")
                Deployment(sshUser: "deploy", buildOn: .local, substituteOnTarget: true)
            }
            Host("edge", system: .aarch64Linux, address: "edge.example.org", lanInterfaces: ["eth0"], stateVersion: "24.05") {
                server
                Import("hardware/edge.nix")
            }
            Host("studio", system: .aarch64Darwin, address: "10.4.0.9", stateVersion: 5) {
                workstation
                Import("darwin/studio.nix")
            }
            Host("laptop", system: .x86_64Darwin) {
                workstation
            }
        }
    }()

    /// One host, nothing else.
    static let minimal = Fleet(stateVersion: "26.05", admins: admins) {
        Host("solo", system: .x86_64Linux, address: "192.0.2.1") {
            Import("hardware/solo.nix")
        }
    }

    /// Services with dependencies, roles, secrets, UDP, every exposure and two systems.
    static let multiService: Fleet = {
        let site = Service("site") {
            Port("http", 8000, exposure: .lan, boundTo: "services.site.port")
            Domain("www.example.org", port: "http")
        }
        let db = Service("db") {
            Port("pg", 5432, exposure: .local, boundTo: "services.postgresql.settings.port")
            Enable("services.postgresql")
        }
        let app = Service("app", summary: "An application") {
            Port("http", 8080, exposure: .lan, boundTo: "services.app.port")
            Port("metrics", 9000, .udp, exposure: .public)
            Requires(db, on: .sameHost)
            Secret("token", file: "secrets/app/token.age", boundTo: "services.app.tokenFile", owner: "app", mode: "0400")
            Enable("services.app")
        }
        let proxy = Service("proxy") {
            Port("https", 443, exposure: .public, boundTo: "services.nginx.defaultSSLListenPort", privileged: true)
            Requires(app)
            Enable("services.nginx")
        }
        let base = Role("base") {
            openssh
            Import("modules/common.nix")
        }
        return Fleet(stateVersion: "25.11", deployment: Deployment(sshUser: "ops", buildOn: .local, substituteOnTarget: false, hermetic: true),
                     admins: admins) {
            Host("alpha", system: .x86_64Linux, address: "10.1.0.1", lanInterfaces: ["enp1s0"], hostKey: forgeKey) {
                base
                app
                db
                Import("hardware/alpha.nix")
            }
            Host("beta", system: .aarch64Linux, address: "beta.example.org", lanInterfaces: ["end0"]) {
                base
                proxy
                Import("hardware/beta.nix")
                Deployment(sshUser: "root", buildOn: .remote)
                Setting("boot.loader.systemd-boot.enable", true)
            }
        }
    }()

    /// Strings that break naive generators: interpolation, quotes, backslashes, newlines, unicode.
    static let hostileText = "a \"quoted\" \\back\\slash ${interpolated} $${double} '' ''${ \n\ttab\r\n trailing $"
    static let hostile = Fleet(stateVersion: "26.05", admins: admins) {
        Host("hostile", system: .x86_64Linux, address: "10.2.0.1", lanInterfaces: ["enp1s0"]) {
            Import("hardware/hostile.nix")
            Service("weird", summary: hostileText) {
                Port("http", 8000, exposure: .lan, boundTo: AttrPath(["services", "weird", "${port}"]))
                Setting("services.weird.text", hostileText)
                Setting("services.weird.unicode", "Grüße, 東京, emoji 🚀, nbsp\u{00A0}end")
                Setting("services.weird.list", [hostileText, "$", "${", "\\${"])
                Setting(AttrPath(["services", "weird", "we\"ird key", "${x}"]), "value")
                // Integers beside a float: without the cast Swift would make them all Doubles.
                Setting("services.weird.numbers", ["negative": -5, "float": 1.5e-7, "big": 9_007_199_254_740_993] as NixValue)
                Setting("services.weird.nothing", NixValue.null)
            }
        }
    }

    /// Attribute names that are Nix keywords or hold dots and dashes.
    static let keywords = Fleet(stateVersion: "26.05", admins: admins) {
        Host("kw", system: .aarch64Linux, address: "10.3.0.1", lanInterfaces: ["enp1s0"]) {
            Import("hardware/kw.nix")
            Service("rec") {
                Port("in", 7000, exposure: .lan, boundTo: AttrPath(["services", "let", "in"]))
                Setting(AttrPath(["services", "nginx", "virtualHosts", "git.example.org", "locations", "/", "proxyPass"]),
                        "http://127.0.0.1:7000")  // the port "rec" binds: the wiring policy checks it
                Setting(AttrPath(["services", "if", "then", "else"]), true)
                Setting(AttrPath(["services", "or", "inherit"]), ["with": 1, "assert": 2, "1password": 3, "x-y'z": 4])
            }
        }
    }

    /// Every kind of reference and value form: a port and an endpoint of another service, URLs by
    /// role, an IPv6 endpoint, host names, a secret's path inside a string and as a list element,
    /// raw Nix with `pkgs`, priorities, and the derived scrape jobs, virtual hosts and DNS records.
    static let wiring: Fleet = {
        let api = Service("api", summary: "An API behind the proxy") {
            Port("http", 8080, exposure: .lan, boundTo: "services.api.port")
            Port("metrics", 9400, exposure: .lan, metrics: true)
            Secret("env", file: "secrets/api/env.age", owner: "api")
            Setting("services.api.listen", ":\(.port("http"))")
            Setting("services.api.environmentFiles", [.secret("env")])
            Setting("services.api.databaseUrl", "postgres://api@\(.endpoint(of: "db", "pg"))/api?passfile=\(.secret("env"))")
        }
        let site = Service("site") {
            Port("http", 8000, exposure: .lan, boundTo: "services.site.port")
            Domain("www.example.org", port: "http")
        }
        let db = Service("db") {
            Port("pg", 5432, exposure: .lan, boundTo: "services.db.port")
        }
        let nginx = Service("nginx") {
            Port("https", 443, exposure: .public, privileged: true)
            Setting("services.nginx.virtualHosts", .virtualHosts)
        }
        let monitor = Service("monitor") {
            Port("http", 9090, exposure: .lan)
            Setting("services.prometheus.scrapeConfigs", .scrapeConfigs)
            Setting("services.monitor.apis", .urls(of: "api", "http", role: "backend", scheme: "https"))
            Setting("services.monitor.everyApi", .endpoints(of: "api", "metrics"))
            Setting("services.monitor.apiHosts", .hosts(running: "api"))
            Setting("services.monitor.dbPort", .port(of: "db", "pg"))
            Setting("services.monitor.first", .address(of: "one"))
        }
        let dns = Service("dns") {
            Port("dns", 53, .udp, exposure: .lan)
            Setting("services.unbound.settings.server.local-data", .dnsRecords(zone: "internal"))
        }
        let backend = Role("backend") {
            api
            Setting("services.api.greeting", "hello")
            Setting("services.api.workers", .mkDefault(2))
        }
        return Fleet(stateVersion: "26.05", admins: admins) {
            Host("one", system: .x86_64Linux, address: "10.5.0.1", lanInterfaces: ["eth0"], hostKey: forgeKey) {
                backend
                db
                site
                Import("hardware/one.nix")
                Setting("services.api.greeting", .mkForce("bonjour"))
                Setting("environment.systemPackages", .nix("[ pkgs.htop ]", arguments: ["pkgs"]))
            }
            Host("two", system: .x86_64Linux, address: "fd00::2", lanInterfaces: ["eth0"],
                 hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHdpcmluZ2hvc3R0d29rZXlmb3J0ZXN0c29ubHkxMjM0") {
                api
                nginx
                monitor
                dns
                Import("hardware/two.nix")
                Setting("services.api.workers", 8)
            }
        }
    }()
}
