/// One statement inside a block: an attribute (`timeout = 30s`) or a keyword-led statement
/// (`when model in eu_models -> local_mock`, `step 5% for 1m`, `deploy staging`).
public struct Statement: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        /// `name = value`
        case attribute(name: Identifier, value: Expression)

        // MARK: Flags
        /// `enable for key.team in ["beta"]`
        case enableFor(Expression)
        /// `sticky by key`
        case stickyBy(Expression)

        // MARK: Routes
        /// `match POST "/v1/chat/completions"`
        case match(method: Identifier, path: Expression)
        /// `auth teams`
        case auth(Identifier)
        /// `limit 600 requests / 1m by key`
        case limit(amount: Expression, by: Expression?)
        /// `timeout 60s`
        case timeout(Expression)
        /// `when CONDITION -> targets`
        case when(condition: Expression, targets: [RouteTarget])
        /// `else -> targets`
        case otherwise(targets: [RouteTarget])
        /// `retry 2 on 429, 5xx, timeout backoff 100ms..2s`
        case retry(attempts: Expression, conditions: [Expression], backoff: Expression?)
        /// `fallback local_mock on 5xx, timeout`
        case fallback(providers: [Identifier], conditions: [Expression])
        /// `breaker open after 5 failures in 10s for 30s`
        case breaker(failures: Expression, window: Expression, openFor: Expression)

        // MARK: Pipelines
        /// `stage NAME { steps }`
        case stage(name: Identifier, body: Block)
        /// `on failure { steps }`
        case onFailure(Block)
        /// `parallel { steps }`
        case parallel(Block)
        case check
        case scan
        /// `test "suite.yaml" [with mocks | against ENV]`
        case test(suite: Expression, target: TestTarget?)
        /// `run "cmd" [timeout D]`
        case run(command: Expression, timeout: Expression?)
        /// `deploy ENV`
        case deploy(Identifier)
        /// `wait D`
        case wait(Expression)
        /// `gate CONDITION [over D] [on ENV]` (inside `analyze`, only the condition)
        case gate(condition: Expression, over: Expression?, environment: Identifier?)
        /// `approve [when CONDITION]`
        case approve(condition: Expression?)
        /// `notify "url"`
        case notify(Expression)
        /// `rollback ENV`
        case rollback(Identifier)
        /// `canary ENV { }`, `blue_green ENV { }`, `rolling ENV { }`, `flag NAME rollout [on ENV] { }`
        case strategy(StrategyKind, target: Identifier, environment: Identifier?, body: Block)

        // MARK: Strategy bodies
        /// `step 5% for 1m`
        case step(amount: Expression, duration: Expression?)
        /// `analyze every 10s { gates }`
        case analyze(interval: Expression, body: Block)
        /// `abort when CONDITION for D`
        case abort(condition: Expression, duration: Expression?)
        /// `on fail abort`, `on inconclusive pause`
        case on(event: Identifier, action: Identifier)
        /// `verify "tests/smoke.yaml"`
        case verify(Expression)
        /// `keep_previous 10m`
        case keepPrevious(Expression)
        /// `batch 1`
        case batch(Expression)
        /// `pause 30s`
        case pause(Expression)
        /// `health "/readyz"`
        case health(Expression)
    }

    public var kind: Kind
    public var range: SourceRange
    public var trivia: Trivia

    public init(_ kind: Kind, range: SourceRange, trivia: Trivia = Trivia()) {
        self.kind = kind
        self.range = range
        self.trivia = trivia
    }
}
