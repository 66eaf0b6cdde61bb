import GWSyntax

/// The kinds of named thing a `.gwpipe` program declares. All share one namespace, so a name
/// means one thing everywhere in a program.
public enum EntityKind: String, Sendable, Hashable, Codable, CaseIterable {
    case `let`, param, secret, provider, keys, flag, route, environment, pipeline, mock

    /// How the kind is named in messages ("expected a provider").
    public var article: String {
        switch self {
        case .let: "a let"
        case .param: "a param"
        case .secret: "a secret"
        case .provider: "a provider"
        case .keys: "a keys block"
        case .flag: "a flag"
        case .route: "a route"
        case .environment: "an environment"
        case .pipeline: "a pipeline"
        case .mock: "a mock"
        }
    }

    /// The kind as a noun ("provider", "keys block").
    public var noun: String { String(article.split(separator: " ", maxSplits: 1)[1]) }

    init(_ kind: Declaration.BlockKind) {
        switch kind {
        case .provider: self = .provider
        case .keys: self = .keys
        case .flag: self = .flag
        case .route: self = .route
        case .environment: self = .environment
        case .pipeline: self = .pipeline
        case .mock: self = .mock
        }
    }
}
