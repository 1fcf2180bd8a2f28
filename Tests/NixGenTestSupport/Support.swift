import NixGen
