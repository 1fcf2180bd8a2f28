/// A declaration's piece together with the line the user wrote it on.
public struct Located<Content>: @unchecked Sendable {
    public var content: Content
    public var location: SourceLocation

    @usableFromInline
    init(content: Content, location: SourceLocation) {
        self.content = content
        self.location = location
    }
}

/// The result builder behind every `{ ... }` block of the DSL.
///
/// `buildExpression` captures `#filePath`/`#line`/`#column` of each expression, so even a bare
/// reference such as `forgejo` inside a `Host` carries the user's location into diagnostics.
/// `Content` is a protocol per context (`HostContent`, `ServiceContent`, ...), which is what makes
/// a `Port` inside a `Host` a compile error rather than a runtime one.
///
/// Inlinable, so a fleet's module specializes the builder for its contents instead of looking up
/// generic metadata at run time for every expression (most of building a large fleet otherwise).
@resultBuilder
public enum DeclarationBuilder<Content> {
    public typealias Component = [Located<Content>]

    @inlinable public static func buildExpression(
        _ content: Content, file: String = #filePath, line: Int = #line, column: Int = #column
    ) -> Component {
        [Located(content: content, location: SourceLocation(file: file, line: line, column: column))]
    }

    /// Lists such as `Hosts.all` splice in, each element located at the list's use.
    @inlinable public static func buildExpression(
        _ contents: [Content], file: String = #filePath, line: Int = #line, column: Int = #column
    ) -> Component {
        contents.map { Located(content: $0, location: SourceLocation(file: file, line: line, column: column)) }
    }

    /// A block's parts are appended one by one into the first one's array (no array of arrays).
    @inlinable public static func buildPartialBlock(first: Component) -> Component { first }
    @inlinable public static func buildPartialBlock(accumulated: consuming Component, next: Component) -> Component {
        accumulated.append(contentsOf: next)
        return accumulated
    }
    @inlinable public static func buildBlock() -> Component { [] }
    @inlinable public static func buildOptional(_ part: Component?) -> Component { part ?? [] }
    @inlinable public static func buildEither(first part: Component) -> Component { part }
    @inlinable public static func buildEither(second part: Component) -> Component { part }
    @inlinable public static func buildArray(_ parts: [Component]) -> Component { parts.flatMap { $0 } }
    @inlinable public static func buildLimitedAvailability(_ part: Component) -> Component { part }
}

public typealias FleetBuilder = DeclarationBuilder<any FleetContent>
public typealias HostBuilder = DeclarationBuilder<any HostContent>
public typealias ServiceBuilder = DeclarationBuilder<any ServiceContent>
public typealias RoleBuilder = DeclarationBuilder<any RoleContent>

/// What may appear inside `Fleet { ... }`.
public protocol FleetContent: Sendable { func apply(to fleet: inout Fleet, at location: SourceLocation) }
/// What may appear inside `Host(...) { ... }`.
public protocol HostContent: Sendable { func apply(to host: inout Host, at location: SourceLocation) }
/// What may appear inside `Service(...) { ... }`.
public protocol ServiceContent: Sendable { func apply(to service: inout Service, at location: SourceLocation) }
/// What may appear inside `Role(...) { ... }`.
public protocol RoleContent: Sendable { func apply(to role: inout Role, at location: SourceLocation) }
