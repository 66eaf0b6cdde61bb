/// Pipeline statements: stages, `on failure`, steps, strategies and the statements inside them.
extension Parser {
    static let strategyEvents = ["fail", "inconclusive"]
    static let strategyActions = ["abort", "pause", "continue"]

    mutating func parsePipelineStatement(_ keyword: Keyword) -> Statement.Kind? {
        switch keyword {
        case .stage:
            guard let name = expectIdentifier("a stage name after 'stage'"),
                let body = parseBlock(context: .stage, owner: "stage \(name.name)")
            else { return nil }
            return .stage(name: name, body: body)
        case .on:
            guard at(.failure) else {
                errorExpected("'failure' after 'on' in a pipeline (on failure { ... })")
                return nil
            }
            advance()
            guard let body = parseBlock(context: .onFailure, owner: "on failure") else { return nil }
            return .onFailure(body)
        default:
            return nil
        }
    }

    mutating func parseStep(_ keyword: Keyword) -> Statement.Kind? {
        switch keyword {
        case .parallel:
            guard let body = parseBlock(context: .parallel, owner: "parallel") else { return nil }
            return .parallel(body)
        case .check:
            return .check
        case .scan:
            return .scan
        case .test:
            guard let suite = parseStringArgument("the test suite's path in quotes after 'test'") else { return nil }
            var target: TestTarget?
            if let with = eat(.with) {
                guard let mocks = expect(.mocks, "'mocks' after 'with' (test \"suite.yaml\" with mocks)") else { return nil }
                target = .mocks(range: with.range.union(mocks.range))
            } else if eat(.against) != nil {
                guard let environment = expectIdentifier("an environment name after 'against'") else { return nil }
                target = .environment(environment)
            }
            return .test(suite: suite, target: target)
        case .run:
            guard let command = parseStringArgument("the command in quotes after 'run' (run \"scripts/smoke.sh\")")
            else { return nil }
            var timeout: Expression?
            if eat(.timeout) != nil {
                guard let value = parseExpressionOrReport() else { return nil }
                timeout = value
            }
            return .run(command: command, timeout: timeout)
        case .deploy:
            guard let environment = expectIdentifier("an environment name after 'deploy'") else { return nil }
            return .deploy(environment)
        case .wait:
            guard let duration = parseExpressionOrReport() else { return nil }
            return .wait(duration)
        case .gate:
            return parseGate(allowWindow: true)
        case .approve:
            var condition: Expression?
            if eat(.when) != nil {
                guard let value = parseExpressionOrReport() else { return nil }
                condition = value
            }
            return .approve(condition: condition)
        case .notify:
            guard let url = parseExpressionOrReport() else { return nil }
            return .notify(url)
        case .rollback:
            guard let environment = expectIdentifier("an environment name after 'rollback'") else { return nil }
            return .rollback(environment)
        case .canary, .blue_green, .rolling:
            let kind: StrategyKind = keyword == .canary ? .canary : keyword == .rolling ? .rolling : .blueGreen
            let context: BlockContext = keyword == .canary ? .canary : keyword == .rolling ? .rolling : .blueGreen
            guard let environment = expectIdentifier("an environment name after '\(keyword.rawValue)'"),
                let body = parseBlock(context: context, owner: "\(keyword.rawValue) \(environment.name)")
            else { return nil }
            return .strategy(kind, target: environment, environment: nil, body: body)
        case .flag:
            guard let flag = expectIdentifier("a flag name after 'flag'"),
                expect(.rollout, "'rollout' after 'flag \(flag.name)' (flag \(flag.name) rollout on ENV { ... })") != nil
            else { return nil }
            var environment: Identifier?
            if eat(.on) != nil {
                guard let value = expectIdentifier("an environment name after 'on'") else { return nil }
                environment = value
            }
            guard let body = parseBlock(context: .flagRollout, owner: "flag \(flag.name) rollout") else { return nil }
            return .strategy(.flagRollout, target: flag, environment: environment, body: body)
        default:
            return nil
        }
    }

    /// `gate CONDITION [over D] [on ENV]`; inside `analyze` only the condition.
    private mutating func parseGate(allowWindow: Bool) -> Statement.Kind? {
        guard let condition = parseExpressionOrReport() else { return nil }
        var over: Expression?
        var environment: Identifier?
        if allowWindow {
            if eat(.over) != nil {
                guard let value = parseExpressionOrReport() else { return nil }
                over = value
            }
            if eat(.on) != nil {
                guard let value = expectIdentifier("an environment name after 'on'") else { return nil }
                environment = value
            }
        }
        return .gate(condition: condition, over: over, environment: environment)
    }

    mutating func parseStrategyStatement(_ keyword: Keyword, context: BlockContext) -> Statement.Kind? {
        switch keyword {
        case .step:
            guard let amount = parseExpressionOrReport() else { return nil }
            var duration: Expression?
            if eat(.for) != nil {
                guard let value = parseExpressionOrReport() else { return nil }
                duration = value
            }
            return .step(amount: amount, duration: duration)
        case .analyze:
            guard expect(.every, "'every' and an interval after 'analyze' (analyze every 10s { ... })") != nil,
                let interval = parseExpressionOrReport(),
                let body = parseBlock(context: .analyze, owner: "analyze")
            else { return nil }
            return .analyze(interval: interval, body: body)
        case .gate:
            return parseGate(allowWindow: false)
        case .abort:
            guard expect(.when, "'when' and a condition after 'abort' (abort when error_rate > 5% for 5s)") != nil,
                let condition = parseExpressionOrReport()
            else { return nil }
            var duration: Expression?
            if eat(.for) != nil {
                guard let value = parseExpressionOrReport() else { return nil }
                duration = value
            }
            return .abort(condition: condition, duration: duration)
        case .on:
            return parseOnClause()
        case .verify:
            guard let suite = parseExpressionOrReport() else { return nil }
            return .verify(suite)
        case .keep_previous:
            guard let duration = parseExpressionOrReport() else { return nil }
            return .keepPrevious(duration)
        case .batch:
            guard let size = parseExpressionOrReport() else { return nil }
            return .batch(size)
        case .pause:
            guard let duration = parseExpressionOrReport() else { return nil }
            return .pause(duration)
        case .health:
            guard let path = parseExpressionOrReport() else { return nil }
            return .health(path)
        default:
            return nil
        }
    }

    /// `on fail abort`, `on inconclusive pause`.
    private mutating func parseOnClause() -> Statement.Kind? {
        guard at(.word) else {
            errorExpected("an event after 'on': fail or inconclusive")
            return nil
        }
        let eventToken = advance()
        let event = text(eventToken)
        guard Parser.strategyEvents.contains(event) else {
            var hints = ["write `on fail abort|pause` or `on inconclusive pause|abort|continue`"]
            if event == "failure" || Suggestion.nearest(to: event, among: ["failure"]) != nil {
                // `failur` is closer to the pipeline's `failure` than to `fail`, but here it can only mean `fail`.
                hints.insert("`on failure { ... }` belongs in the pipeline, after its stages", at: 0)
                if event != "failure" { hints.insert("did you mean `fail`?", at: 0) }
            } else if let suggestion = Suggestion.nearest(to: event, among: Parser.strategyEvents) {
                hints.insert("did you mean `\(suggestion)`?", at: 0)
            }
            error(.invalidOnClause, "unknown event '\(event)' after 'on'", at: eventToken.range, hints: hints)
            return nil
        }
        guard at(.word) else {
            errorExpected("an action after 'on \(event)': abort, pause or continue")
            return nil
        }
        let actionToken = advance()
        let action = text(actionToken)
        guard Parser.strategyActions.contains(action) else {
            var hints = ["actions are abort, pause and continue"]
            if let suggestion = Suggestion.nearest(to: action, among: Parser.strategyActions) {
                hints.insert("did you mean `\(suggestion)`?", at: 0)
            }
            error(.invalidOnClause, "unknown action '\(action)' after 'on \(event)'", at: actionToken.range, hints: hints)
            return nil
        }
        return .on(event: Identifier(event, range: eventToken.range), action: Identifier(action, range: actionToken.range))
    }
}
