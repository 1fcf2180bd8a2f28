import NixGen

let jellyfin = Service("jellyfin", summary: "Jellyfin media server") {
    // Jellyfin's ports are set in its own web UI; the registry still owns the numbers and the firewall.
    Port("http", 8096, exposure: .lan)
    // How clients and DLNA renderers on the LAN find the server.
    Port("dlna", 1900, .udp, exposure: .lan)
    Port("discovery", 7359, .udp, exposure: .lan)
    Enable("services.jellyfin")
}

let mosquitto = Service("mosquitto", summary: "Mosquitto MQTT broker") {
    Port("mqtt", 1883, exposure: .lan)
    Enable("services.mosquitto")
    Setting("services.mosquitto.listeners", [
        [
            "port": .port("mqtt"),
            "omitPasswordAuth": true,
            "acl": ["pattern readwrite #"],
            "settings": ["allow_anonymous": true],
        ]
    ])
}

let homeAssistant = Service("home-assistant", summary: "Home Assistant") {
    Port("http", 8123, exposure: .lan, boundTo: "services.home-assistant.config.http.server_port")
    Requires(mosquitto, on: .fleet)
    Enable("services.home-assistant")
    // The list replaces the module's default: default_config (frontend, onboarding), met and
    // esphome stay, mqtt joins them.
    Setting("services.home-assistant.extraComponents", ["default_config", "met", "esphome", "mqtt"])
    Setting("services.home-assistant.config.default_config", NixValue.attrs([:]))
    Setting("services.home-assistant.config.homeassistant.time_zone", "UTC")
}
