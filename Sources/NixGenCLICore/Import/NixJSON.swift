import Foundation

/// Parses JSON as Nix prints it. swift-corelibs-foundation's JSONSerialization drops a raw U+FEFF
/// at the start of a string (`"\u{FEFF}x"` reads as `"x"`), and Nix prints it raw: it is escaped
/// first, so strings read back byte for byte. `import` and the tests read Nix's output through it.
package func parseNixJSON(_ data: Data) throws -> Any {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(data.count)
    var utf8 = data[...]
    while let byte = utf8.popFirst() {
        if byte == 0xEF, utf8.starts(with: [0xBB, 0xBF]) {
            utf8.removeFirst(2)
            bytes += Array("\\ufeff".utf8)
        } else {
            bytes.append(byte)
        }
    }
    return try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
}
