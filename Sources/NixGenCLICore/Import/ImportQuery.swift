import Foundation
import NixGen

/// A service `nixgen import` recognises in an existing configuration: its enable option and the
/// options its ports are bound to, with NixOS' default numbers for options left unset.
struct RecognisedService: Sendable {
    struct PortOption: Sendable {
        var name: String
        var number: Int
        var proto: IPProtocol = .tcp
        /// The option holding the number; `list` when it is a list of ports (`services.openssh.ports`).
        var option: [String]?
        var list = false
    }

    var name: String
    var enable: [String]
    var ports: [PortOption]

    static let all: [RecognisedService] = [
        RecognisedService(name: "openssh", enable: ["services", "openssh", "enable"],
                          ports: [PortOption(name: "ssh", number: 22, option: ["services", "openssh", "ports"], list: true)]),
        RecognisedService(name: "nginx", enable: ["services", "nginx", "enable"], ports: [
            PortOption(name: "http", number: 80, option: ["services", "nginx", "defaultHTTPListenPort"]),
            PortOption(name: "https", number: 443, option: ["services", "nginx", "defaultSSLListenPort"]),
        ]),
        RecognisedService(name: "grafana", enable: ["services", "grafana", "enable"],
                          ports: [PortOption(name: "http", number: 3000, option: ["services", "grafana", "settings", "server", "http_port"])]),
        RecognisedService(name: "prometheus", enable: ["services", "prometheus", "enable"],
                          ports: [PortOption(name: "http", number: 9090, option: ["services", "prometheus", "port"])]),
        RecognisedService(name: "node-exporter", enable: ["services", "prometheus", "exporters", "node", "enable"],
                          ports: [PortOption(name: "metrics", number: 9100, option: ["services", "prometheus", "exporters", "node", "port"])]),
        RecognisedService(name: "loki", enable: ["services", "loki", "enable"],
                          ports: [PortOption(name: "http", number: 3100, option: ["services", "loki", "configuration", "server", "http_listen_port"])]),
        RecognisedService(name: "postgresql", enable: ["services", "postgresql", "enable"],
                          ports: [PortOption(name: "db", number: 5432, option: ["services", "postgresql", "settings", "port"])]),
        RecognisedService(name: "forgejo", enable: ["services", "forgejo", "enable"],
                          ports: [PortOption(name: "http", number: 3000, option: ["services", "forgejo", "settings", "server", "HTTP_PORT"])]),
        RecognisedService(name: "jellyfin", enable: ["services", "jellyfin", "enable"], ports: [PortOption(name: "http", number: 8096)]),
        RecognisedService(name: "tailscale", enable: ["services", "tailscale", "enable"],
                          ports: [PortOption(name: "wireguard", number: 41641, proto: .udp, option: ["services", "tailscale", "port"])]),
        RecognisedService(name: "unbound", enable: ["services", "unbound", "enable"],
                          ports: [PortOption(name: "dns", number: 53, proto: .udp, option: ["services", "unbound", "settings", "server", "port"])]),
        RecognisedService(name: "mosquitto", enable: ["services", "mosquitto", "enable"], ports: [PortOption(name: "mqtt", number: 1883)]),
        RecognisedService(name: "home-assistant", enable: ["services", "home-assistant", "enable"],
                          ports: [PortOption(name: "http", number: 8123, option: ["services", "home-assistant", "config", "http", "server_port"])]),
        RecognisedService(name: "vaultwarden", enable: ["services", "vaultwarden", "enable"],
                          ports: [PortOption(name: "http", number: 8222, option: ["services", "vaultwarden", "config", "ROCKET_PORT"])]),
    ]

    /// The Nix list the query reads: `[ { name; enable = [ … ]; ports = [ { name; option; } … ]; } … ]`.
    static var nixList: String {
        func path(_ components: [String]) -> String { "[ " + components.map { NixSyntax.stringLiteral($0) }.joined(separator: " ") + " ]" }
        return "[ " + all.map { service in
            "{ name = \(NixSyntax.stringLiteral(service.name)); enable = \(path(service.enable)); ports = [ "
                + service.ports.map { "{ name = \(NixSyntax.stringLiteral($0.name)); option = \($0.option.map(path) ?? "null"); }" }.joined(separator: " ")
                + " ]; }"
        }.joined(separator: " ") + " ]"
    }
}

/// The Nix function `nixgen import` applies to a flake's outputs: what each configuration
/// evaluates to, read from `config` (never by parsing Nix text), and the files of its top-level
/// modules from the module system's own graph.
enum ImportQuery {
    static func expression(flake: String) -> String {
        """
        let
          flake = \(flake);
          recognised = \(RecognisedService.nixList);
          src = toString flake.outPath;
          get = path: set: builtins.foldl' (acc: name: if builtins.isAttrs acc && acc ? ${name} then acc.${name} else null) set path;
          ports = fw: { tcp = fw.allowedTCPPorts or [ ]; udp = fw.allowedUDPPorts or [ ];
            ranges = (fw.allowedTCPPortRanges or [ ]) ++ (fw.allowedUDPPortRanges or [ ]); };
          firewall = config: let fw = get [ "networking" "firewall" ] config; in
            if fw == null then null else ports fw // {
              enable = fw.enable or true;
              trusted = fw.trustedInterfaces or [ ];
              extraCommands = (fw.extraCommands or "") != "";
              interfaces = builtins.mapAttrs (_: ports) (fw.interfaces or { });
            };
          admins = config: let users = get [ "users" "users" ] config; in
            if users == null then { } else builtins.mapAttrs (_: user: user.openssh.authorizedKeys.keys or [ ])
              (builtins.removeAttrs users (builtins.filter (name: !(builtins.elem "wheel" (users.${name}.extraGroups or [ ]))) (builtins.attrNames users)));
          host = platform: name: configuration: let config = configuration.config; in {
            inherit platform;
            hostName = get [ "networking" "hostName" ] config;
            system = get [ "nixpkgs" "hostPlatform" "system" ] config;
            stateVersion = get [ "system" "stateVersion" ] config;
            nixinate = configuration._module.args.nixinate or null;
            # A built hive's deployment, else the hive description's (`outputs.colmena`).
            colmena = let built = get [ "colmenaHive" "deploymentConfig" name "targetHost" ] flake; in
              if built != null then built else get [ "colmena" name "deployment" "targetHost" ] flake;
            firewall = firewall config;
            admins = admins config;
            services = map (service: {
              inherit (service) name;
              enabled = get service.enable config == true;
              ports = map (port: { inherit (port) name; value = if port.option == null then null else get port.option config; }) service.ports;
            }) recognised;
            modules = map (module: toString module.file) (configuration.graph or [ ]);
          };
        in
        {
          inherit src;
          inputs = builtins.mapAttrs (_: input: toString (input.outPath or "")) (flake.inputs or { });
          nixos = builtins.mapAttrs (host "nixos") (flake.nixosConfigurations or { });
          darwin = builtins.mapAttrs (host "darwin") (flake.darwinConfigurations or { });
        }
        """
    }

    /// Evaluates the query over the flake at `directory`. By default through `nix eval` and
    /// `builtins.getFlake`; `NIXGEN_FLAKE_LOADER` replaces the loader (a Nix expression with
    /// `@FLAKE@` for the folder) and evaluates with `nix-instantiate`, as the offline tests do.
    static func evaluate(_ directory: URL, environment: [String: String]) throws -> [String: Any] {
        let arguments: [String]
        if let loader = environment["NIXGEN_FLAKE_LOADER"] {
            let flake = loader.replacingOccurrences(of: "@FLAKE@", with: directory.path)
            arguments = ["nix-instantiate", "--eval", "--strict", "--json", "--read-write-mode", "--expr", expression(flake: flake)]
        } else {
            let flake = "builtins.getFlake \(NixSyntax.stringLiteral(directory.path))"
            arguments = ["nix", "--extra-experimental-features", "nix-command flakes", "eval", "--json", "--impure", "--expr",
                         expression(flake: flake)]
        }
        guard let result = Subprocess.run(arguments, environment: environment) else {
            throw ScaffoldError("cannot run \(arguments[0]) to evaluate \(directory.path)")
        }
        guard result.status == 0 else {
            throw ScaffoldError("the flake at \(directory.path) does not evaluate: " + result.errors.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        guard let document = try parseNixJSON(result.output) as? [String: Any] else {
            throw ScaffoldError("the evaluation of \(directory.path) printed no JSON object")
        }
        return document
    }
}
