import NixGen

let jellyfin = Service("jellyfin", summary: "Jellyfin media server") {
    // Jellyfin's port is set in its own web UI; the registry still owns the number and the firewall.
    Port("http", 8096, exposure: .lan)
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
    Setting("services.home-assistant.extraComponents", ["met", "mqtt"])
    Setting("services.home-assistant.config.homeassistant.time_zone", "UTC")
}
