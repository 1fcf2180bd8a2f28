import NixGen

let {{identifier}} = Host("{{name}}", system: {{system}}, address: {{address}}, hostKey: {{hostKey}}) {
{{assignments}}    Import("hardware/{{name}}.nix")
}
