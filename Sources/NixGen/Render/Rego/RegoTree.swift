/// The `policies/` tree. Filled in by the policies work; empty until then.
enum RegoTree {
    static func files(_ plan: Plan) -> [String: String] { [:] }
}
