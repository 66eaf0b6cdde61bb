import GWSyntax

/// A declared name: what kind of thing it is, where it was declared, and its declaration.
public struct Symbol: Sendable {
    public var kind: EntityKind
    public var name: Identifier
    public var declaration: Declaration
    public var file: SourceFile

    public init(kind: EntityKind, name: Identifier, declaration: Declaration, file: SourceFile) {
        self.kind = kind
        self.name = name
        self.declaration = declaration
        self.file = file
    }

    /// The `{ }` body for block declarations.
    public var body: Block? {
        if case .block(_, _, let body) = declaration.kind { return body }
        return nil
    }
}
