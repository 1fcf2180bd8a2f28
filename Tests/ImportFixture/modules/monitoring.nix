{ ... }:
{
  services.prometheus = {
    enable = true;
    port = 9090;
  };
  services.grafana = {
    enable = true;
    settings.server.http_port = 3000;
  };
}
