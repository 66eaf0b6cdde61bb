/// Which kind of block the parser is in; decides which statements are allowed there.
enum BlockContext: Sendable, CaseIterable {
    case provider, keys, flag, route, environment, mock
    case pipeline, stage, parallel, onFailure
    case canary, blueGreen, rolling, flagRollout, analyze

    /// How the block is named in messages ("in a route").
    var description: String {
        switch self {
        case .provider: "a provider"
        case .keys: "a keys block"
        case .flag: "a flag"
        case .route: "a route"
        case .environment: "an environment"
        case .mock: "a mock"
        case .pipeline: "a pipeline"
        case .stage: "a stage"
        case .parallel: "a parallel group"
        case .onFailure: "an on failure block"
        case .canary: "a canary"
        case .blueGreen: "a blue_green rollout"
        case .rolling: "a rolling rollout"
        case .flagRollout: "a flag rollout"
        case .analyze: "an analyze block"
        }
    }

    /// Whether `name = value` attributes may appear.
    var allowsAttributes: Bool {
        switch self {
        case .pipeline, .stage, .parallel, .onFailure, .analyze: false
        default: true
        }
    }

    /// Whether the block holds pipeline steps (its unknown words are "unknown step").
    var holdsSteps: Bool {
        switch self {
        case .stage, .parallel, .onFailure: true
        default: false
        }
    }

    static let stepKeywords: [Keyword] = [
        .parallel, .check, .scan, .test, .run, .deploy, .wait, .gate, .approve, .notify, .rollback,
        .canary, .blue_green, .rolling, .flag,
    ]

    private static let strategyCommon: [Keyword] = [.analyze, .abort, .on]

    /// The keyword statements this block accepts.
    var statementKeywords: [Keyword] {
        switch self {
        case .provider, .keys, .environment, .mock: []
        case .flag: [.enable, .sticky]
        case .route: [.match, .auth, .limit, .timeout, .when, .else, .retry, .fallback, .breaker]
        case .pipeline: [.stage, .on]
        case .stage, .parallel, .onFailure: BlockContext.stepKeywords
        case .canary, .flagRollout: [.step] + BlockContext.strategyCommon
        case .blueGreen: [.verify, .keep_previous] + BlockContext.strategyCommon
        case .rolling: [.batch, .pause, .health] + BlockContext.strategyCommon
        case .analyze: [.gate]
        }
    }

    /// Whether `keyword` starts a statement here; a switch, because `statementKeywords` builds an
    /// array on every call and the parser asks once per statement.
    func accepts(_ keyword: Keyword) -> Bool {
        switch (self, keyword) {
        case (.flag, .enable), (.flag, .sticky):
            true
        case (.route, .match), (.route, .auth), (.route, .limit), (.route, .timeout), (.route, .when), (.route, .else),
            (.route, .retry), (.route, .fallback), (.route, .breaker):
            true
        case (.provider, _), (.keys, _), (.environment, _), (.mock, _), (.flag, _), (.route, _):
            false
        default:
            statementKeywords.contains(keyword)
        }
    }

    /// The blocks where `keyword` starts a statement, for "belongs in" hints.
    static func contexts(accepting keyword: Keyword) -> [BlockContext] {
        allCases.filter { $0.statementKeywords.contains(keyword) }
    }
}
