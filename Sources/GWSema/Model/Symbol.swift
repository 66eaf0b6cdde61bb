import GWSyntax

/// A declared name: what kind of thing it is, where it was declared, and its declaration.
///
/// A class, because symbols are passed around constantly and copying a declaration's syntax tree
/// (retaining every node) showed up in profiles of 100k-route files.
public final class Symbol: Sendable {
    public let kind: EntityKind
    public let name: Identifier
    public let declaration: Declaration
    public let file: SourceFile

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
