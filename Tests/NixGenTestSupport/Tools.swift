import Foundation
import NixGenCLICore
import XCTest

/// Runs external programs (nix-instantiate, the Rego engine) for tests.
package enum Tools {
    package struct Result {
        package var status: Int32
        package var output: String
        package var errors: String
    }

    /// Whether validators are mandatory: in CI a missing one fails the run instead of skipping.
    package static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The full path of `name` on PATH, if any.
    package static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` with `arguments`, feeding `input` on standard input (closed, and empty
    /// without one).
    @discardableResult
    package static func run(_ executable: String, _ arguments: [String], input: String? = nil,
                           in directory: URL? = nil, environment: [String: String]? = nil) throws -> Result {
        let result = try Subprocess.run(URL(fileURLWithPath: executable), arguments, input: Data((input ?? "").utf8),
                                        in: directory, environment: environment)
        return Result(status: result.status, output: String(decoding: result.output, as: UTF8.self), errors: result.errors)
    }

    /// The built `nixgen` binary beside the test bundle.
    package static var nixgenBinary: URL {
        let products = Bundle.allBundles.map(\.bundleURL).first { $0.pathExtension == "xctest" }?
            .deletingLastPathComponent() ?? Golden.repositoryRoot.appendingPathComponent(".build/debug")
        return products.appendingPathComponent("nixgen")
    }

    /// A fresh temporary folder.
    package static func temporaryDirectory(_ label: String = "nixgen") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes a rendered tree's files under `directory` (for engines that read files).
    /// Every file below `folder` with its bytes, to prove a command changed nothing there; paths
    /// inside `skipping` (a folder such as `.git`) are left out.
    package static func snapshot(_ folder: URL, skipping: String? = nil) -> [String: Data] {
        var files: [String: Data] = [:]
        for path in FileManager.default.subpaths(atPath: folder.path) ?? [] {
            if let skipping, path == skipping || path.hasPrefix(skipping + "/") { continue }
            files[path] = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path)
        }
        return files
    }

    /// Nix and both Rego engines, which every recorded and live judgement needs: where one is
    /// missing a test skips, and under CI=true it fails instead.
    package static func requireValidators(nix: Bool = true, rego: Bool = true, file: StaticString = #filePath, line: UInt = #line) throws {
        for reason in [nix ? Nix.unavailableReason : nil, rego ? Rego.unavailableReason : nil].compactMap({ $0 }) {
            if isCI { XCTFail("CI requires the validators: \(reason)", file: file, line: line) }
            throw XCTSkip(reason)
        }
    }

    package static func materialize(_ files: [String: String], in directory: URL) throws {
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }
}

/// The real Nix evaluator (`nix-instantiate` from Debian's nix-bin).
package enum Nix {
    /// Why Nix cannot be used, or nil when it can. In CI its absence is a failure, not a skip.
    package static var unavailableReason: String? {
        find == nil ? "nix-instantiate is not on PATH (apt-get install -y nix-bin)" : nil
    }

    package static var find: String? { Tools.find("nix-instantiate") }

    /// `nix-instantiate --parse FILE`: nil when it parses, the error otherwise.
    package static func parseError(_ file: URL) throws -> String? {
        let result = try Tools.run(find!, ["--parse", file.path])
        return result.status == 0 ? nil : result.errors
    }

    /// `nix-instantiate --eval --strict --json` of a file or expression, parsed as JSON.
    package static func evalJSON(file: URL? = nil, expression: String? = nil, in directory: URL? = nil) throws -> Any {
        var arguments = ["--eval", "--strict", "--json"]
        if let file { arguments.append(file.path) }
        if let expression { arguments += ["--expr", expression] }
        let result = try Tools.run(find!, arguments, in: directory, environment: isolatedEnvironment)
        guard result.status == 0 else { throw NixError(message: result.errors) }
        return try parseNixJSON(Data(result.output.utf8))
    }

    /// Keeps evaluation offline and out of the user's Nix state.
    package static var isolatedEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["NIX_PATH"] = ""
        return environment
    }

    package struct NixError: Error, CustomStringConvertible {
        package var message: String
        package var description: String { message }
    }
}

/// Canonical JSON text (sorted keys) for comparing two JSON documents.
package func canonicalJSON(_ object: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
}

/// The Rego engines: real OPA (PyPI opa-golib-python-bindings, the Go OPA conftest embeds) and
/// regorus (PyPI gordon-to-regorus), both driven by Tests/Rego/rego_check.py, which fails when they
/// disagree.
package enum Rego {
    /// The Python that can import both engines: $NIXGEN_PYTHON, the repository's .venv, or python3.
    package static let python: String? = {
        var candidates: [String] = []
        if let configured = ProcessInfo.processInfo.environment["NIXGEN_PYTHON"] { candidates.append(configured) }
        candidates.append(Golden.repositoryRoot.appendingPathComponent(".venv/bin/python").path)
        if let system = Tools.find("python3") { candidates.append(system) }
        return candidates.first { candidate in
            FileManager.default.isExecutableFile(atPath: candidate)
                && (try? Tools.run(candidate, ["-c", "import regorus, opa_bindings"]).status) == 0
        }
    }()

    /// Why the engines cannot be used, or nil when they can.
    package static var unavailableReason: String? {
        python == nil ? "no Python with regorus and OPA (see .ci/run: gordon-to-regorus, opa-golib-python-bindings)" : nil
    }

    static var script: String { Golden.repositoryRoot.appendingPathComponent("Tests/Rego/rego_check.py").path }

    /// Runs the script; throws with its error output when it fails.
    @discardableResult
    package static func run(_ arguments: [String]) throws -> String {
        let result = try Tools.run(python!, [script] + arguments)
        guard result.status == 0 else { throw Nix.NixError(message: result.output + result.errors) }
        return result.output
    }

    /// `{package: [messages]}` for an input document, as both engines found it (they must agree).
    package static func denies(policies: URL, input: Any) throws -> [String: [String]] {
        let file = Tools.temporaryDirectory("input").appendingPathComponent("input.json")
        try JSONSerialization.data(withJSONObject: input, options: [.sortedKeys]).write(to: file)
        let result = try Tools.run(python!, [script, "deny", policies.path, file.path])
        guard result.status != 2 else { throw Nix.NixError(message: "the engines disagree or fail: " + result.output + result.errors) }
        let report = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: [String: [String]]] ?? [:]
        return report["opa"] ?? [:]
    }
}
