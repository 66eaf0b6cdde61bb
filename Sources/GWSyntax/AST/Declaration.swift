/// A top-level declaration of a `.gwpipe` file.
public struct Declaration: Sendable, Hashable {
    /// The declarations that have a name and a `{ }` body.
    public enum BlockKind: String, Sendable, Hashable, CaseIterable {
        case provider, keys, flag, route, environment, pipeline, mock
    }

    public enum Kind: Sendable, Hashable {
        /// `gateway "chat-gateway"`
        case gateway(name: Expression)
        /// `import "common.gwpipe"`
        case `import`(path: Expression)
        /// `let NAME = value`
        case `let`(name: Identifier, value: Expression)
        /// `param NAME: TYPE [= default]`
        case param(name: Identifier, type: TypeSyntax, defaultValue: Expression?)
        /// `secret NAME = env("X")`
        case secret(name: Identifier, value: Expression)
        /// `provider NAME { }`, `route NAME { }`, ...
        case block(BlockKind, name: Identifier, body: Block)
    }

    public var kind: Kind
    public var range: SourceRange
    public var trivia: Trivia

    public init(_ kind: Kind, range: SourceRange, trivia: Trivia = Trivia()) {
        self.kind = kind
        self.range = range
        self.trivia = trivia
    }

    /// The declared name, for declarations that have one.
    public var name: Identifier? {
        switch kind {
        case .gateway, .import: nil
        case .let(let name, _), .param(let name, _, _), .secret(let name, _), .block(_, let name, _): name
        }
    }
}
