import NixGen

/// Everything nixgen writes, as paths relative to the output folder and their exact text.
package struct RenderedTree: Sendable, Hashable {
    package var files: [String: String]
    package init(files: [String: String]) { self.files = files }

    /// The paths, sorted.
    package var paths: [String] { files.keys.sorted() }
    package var byteCount: Int { files.values.reduce(0) { $0 + $1.utf8.count } }
}

/// The outcome of validating and rendering a fleet.
package struct Generation: Sendable {
    /// Every finding, sorted; warnings may accompany a tree.
    package var diagnostics: [Diagnostic]
    /// The rendered tree, or nil when there were errors.
    package var tree: RenderedTree?
    /// The resolution validation judged and rendering read, for callers that check more.
    package var plan: Plan
}

/// The pipeline's pure part: Model → Plan → Validate → Render. The plan comes first because
/// validation judges the fleet as it resolves (a host's services include its roles'), the same
/// resolution rendering reads; a fleet with errors is never rendered.
package enum Generator {
    /// The manifest of generated paths, itself part of the tree; the writer prunes by it.
    package static let manifestPath = "nix/.nixgen-manifest"

    package static func run(_ fleet: Fleet, sources: [FleetSource] = []) -> Generation {
        let plan = Plan(fleet)
        let diagnostics = Validator.validate(plan, sources: sources)
        if diagnostics.hasErrors { return Generation(diagnostics: diagnostics, tree: nil, plan: plan) }
        return Generation(diagnostics: diagnostics, tree: render(plan), plan: plan)
    }

    /// Renders a plan whose fleet has passed validation.
    package static func render(_ plan: Plan) -> RenderedTree {
        // The registry is computed once and shared by both trees. (The rest of the inventory, tens
        // of megabytes for a large fleet, is built where `inventory.nix` is printed and gone once it is.)
        let ports = Inventory.ports(plan)
        // One tree after the other (at once, the two trees' peaks added up), the policies first:
        // their data is printed into buffers that are freed once copied into the files' text,
        // and the Nix tree reuses that memory. (In the other order, the 10,000-host render
        // peaked 15-20 MB higher.)
        var files = RegoTree.files(plan, ports: ports)
        files.merge(NixTree.files(plan, ports: ports)) { rego, _ in rego }
        files.merge(ReviewAttributes.files(for: Array(files.keys) + [manifestPath, RegoData.path])) { generated, _ in generated }
        files[manifestPath] = manifest(for: Array(files.keys) + [RegoData.path])
        // The fleet's data last: it says what every other generated file must be, so the
        // policies deny a hand edit of any of them, the judging inputs first.
        files[RegoData.path] = RegoData.file(plan, ports: ports, generated: GeneratedDigests.of(files))
        return RenderedTree(files: files)
    }

    static func manifest(for paths: some Sequence<String>) -> String {
        GeneratedFile.header + "\n" + paths.sorted().map { $0 + "\n" }.joined()
    }
}
