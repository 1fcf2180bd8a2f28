// Pieces written in a block they do not belong to: a sentence at the user's line instead of
// "no exact matches in call to buildExpression".

extension DeclarationBuilder where Content == any HostContent {
    @available(*, unavailable, message: "a Port belongs in a Service: declare it there, and run the service on the host")
    public static func buildExpression(_ port: Port) -> Component { [] }
    @available(*, unavailable, message: "a Secret belongs in the Service that reads it; the host gets it by running the service")
    public static func buildExpression(_ secret: Secret) -> Component { [] }
    @available(*, unavailable, message: "Requires belongs in a Service: it says what that service needs")
    public static func buildExpression(_ requires: Requires) -> Component { [] }
    @available(*, unavailable, message: "a Domain belongs in the Service it serves")
    public static func buildExpression(_ domain: Domain) -> Component { [] }
    @available(*, unavailable, message: "Supports belongs in a Service: it says which platforms the service runs on")
    public static func buildExpression(_ supports: Supports) -> Component { [] }
    @available(*, unavailable, message: "a Host is declared in the Fleet, not inside another host")
    public static func buildExpression(_ host: Host) -> Component { [] }
}

extension DeclarationBuilder where Content == any RoleContent {
    @available(*, unavailable, message: "a Port belongs in a Service: declare it there, and run the service in the role")
    public static func buildExpression(_ port: Port) -> Component { [] }
    @available(*, unavailable, message: "a Secret belongs in the Service that reads it; the role's hosts get it by running the service")
    public static func buildExpression(_ secret: Secret) -> Component { [] }
    @available(*, unavailable, message: "Requires belongs in a Service: it says what that service needs")
    public static func buildExpression(_ requires: Requires) -> Component { [] }
    @available(*, unavailable, message: "a Domain belongs in the Service it serves")
    public static func buildExpression(_ domain: Domain) -> Component { [] }
    @available(*, unavailable, message: "Deployment belongs in a Host, or in the Fleet's deployment: for every host")
    public static func buildExpression(_ deployment: Deployment) -> Component { [] }
    @available(*, unavailable, message: "a Mesh membership belongs in a Host: each member has its own address and key")
    public static func buildExpression(_ mesh: Mesh) -> Component { [] }
}

extension DeclarationBuilder where Content == any ServiceContent {
    @available(*, unavailable, message: "Import belongs in a Host or a Role: a service's Nix is its settings")
    public static func buildExpression(_ item: Import) -> Component { [] }
    @available(*, unavailable, message: "Deployment belongs in a Host, or in the Fleet's deployment: for every host")
    public static func buildExpression(_ deployment: Deployment) -> Component { [] }
    @available(*, unavailable, message: "a service does not contain another: Requires(service) says it needs one")
    public static func buildExpression(_ service: Service) -> Component { [] }
    @available(*, unavailable, message: "a Mesh membership belongs in a Host: each member has its own address and key")
    public static func buildExpression(_ mesh: Mesh) -> Component { [] }
}
