import NixGen

let {{identifier}} = Host("{{name}}", system: {{system}}, address: {{address}}) {
{{assignments}}    Import("hardware/{{name}}.nix")
}
