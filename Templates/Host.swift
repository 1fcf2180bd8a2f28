import NixGen

let {{identifier}} = Host("{{name}}", system: {{system}}, address: {{address}}, lanInterfaces: {{lanInterfaces}}, hostKey: {{hostKey}}) {
{{assignments}}{{hardware}}}
