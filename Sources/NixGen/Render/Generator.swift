/// Everything nixgen writes, as paths relative to the output folder and their exact text.
public struct RenderedTree: Sendable, Hashable {
    public var files: [String: String]
    public init(files: [String: String]) { self.files = files }

    /// The paths, sorted.
    public var paths: [String] { files.keys.sorted() }
    public var byteCount: Int { files.values.reduce(0) { $0 + $1.utf8.count } }
}

/// The outcome of validating and rendering a fleet.
public struct Generation: Sendable {
    /// Every finding, sorted; warnings may accompany a tree.
    public var diagnostics: [Diagnostic]
    /// The rendered tree, or nil when there were errors.
    public var tree: RenderedTree?
}

/// The pipeline's pure part: Model → Validate → Plan → Render.
public enum Generator {
    /// The manifest of generated paths, itself part of the tree; the writer prunes by it.
    public static let manifestPath = "nix/.nixgen-manifest"

    public static func run(_ fleet: Fleet) -> Generation {
        let plan = Plan(fleet)
        let diagnostics = Validator.validate(plan)
        if diagnostics.hasErrors { return Generation(diagnostics: diagnostics, tree: nil) }
        return Generation(diagnostics: diagnostics, tree: render(plan))
    }

    /// Renders a plan whose fleet has passed validation.
    public static func render(_ plan: Plan) -> RenderedTree {
        let data = Inventory.Data(plan)
        // The two trees share nothing mutable: print them at once.
        let trees = [0, 1].parallelMap(minimum: 1) { $0 == 0 ? NixTree.files(plan, data) : RegoTree.files(plan, data) }
        var files = trees[0]
        files.merge(trees[1]) { nix, _ in nix }
        files[manifestPath] = manifest(for: files.keys)
        return RenderedTree(files: files)
    }

    static func manifest(for paths: some Sequence<String>) -> String {
        NixPrinter.generatedHeader + "\n" + paths.sorted().map { $0 + "\n" }.joined()
    }
}
