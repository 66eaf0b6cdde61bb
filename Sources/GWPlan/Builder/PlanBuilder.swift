import GWSema
import GWSyntax

/// Foundation also declares an `Expression` type; here the name means the syntax node.
typealias Expression = GWSyntax.Expression

/// Compiles a checked program into a `Plan`: per environment, params bound, constants folded,
/// `when` rules compiled to predicates, gates compiled to expressions, pipelines to step DAGs.
///
/// It runs only on programs without errors, so it trusts the checker and never reports; an
/// expression that does not evaluate here means the checker missed a case, and `build` throws.
public struct PlanBuilder {
    /// Something the checker should have caught; a bug, reported with where it happened.
    public struct InternalError: Error, CustomStringConvertible {
        public var description: String
    }

    let model: SemanticModel
    var evaluator: ExpressionChecker

    /// The environment a program without `environment` declarations gets.
    public static let defaultEnvironment = "default"

    init(model: SemanticModel, environment: String?) {
        self.model = model
        self.evaluator = model.evaluator(for: environment)
    }

    /// Builds the plan for every environment of `model` (or only `environment`).
    public static func build(_ model: SemanticModel, environment only: String? = nil) throws -> Plan {
        var environments: [String: EnvironmentPlan] = [:]
        let declared = model.symbols(of: .environment)
        let names = declared.isEmpty ? [defaultEnvironment] : declared.map(\.name.name)
        for name in names where only == nil || only == name {
            var builder = PlanBuilder(model: model, environment: declared.isEmpty ? nil : name)
            environments[name] = try builder.environmentPlan(name, symbol: declared.first { $0.name.name == name })
        }
        var builder = PlanBuilder(model: model, environment: nil)
        var pipelines: [String: PipelinePlan] = [:]
        for pipeline in model.symbols(of: .pipeline) {
            pipelines[pipeline.name.name] = try builder.pipelinePlan(pipeline)
        }
        var mocks: [String: MockOverride] = [:]
        for mock in model.symbols(of: .mock) {
            mocks[mock.name.name] = try builder.mockOverride(mock)
        }
        return Plan(gateway: model.gatewayName ?? "", environments: environments, pipelines: pipelines, mocks: mocks)
    }

    // MARK: Evaluation

    mutating func value(_ expression: Expression, in file: SourceFile) throws -> Value {
        switch expression.kind {
        case .name(let name):
            // Words such as `kind = mock` or `admin = embedded` were checked against their attribute's set.
            if model.symbolTable[name.name] == nil { return .word(name.name) }
        case .literal(let literal):
            // Most values are literals: typing each one again through the checker was most of
            // building the routes' plans.
            if let constant = ExpressionChecker.literalValue(literal) { return constant }
        case .string(let string):
            if let text = string.constantValue { return .string(text) }
        default:
            break
        }
        guard let value = evaluator.check(expression, in: file, context: .constant).value else {
            let position = file.position(of: expression.range.start)
            throw InternalError(description: "\(file.name):\(position): expression has no constant value")
        }
        return value
    }

    static func milliseconds(_ value: Value) -> Double? {
        if case .duration(let nanos) = value { return Double(nanos) / 1_000_000 }
        return nil
    }

    static func number(_ value: Value) -> Double? { value.numeric }

    static func string(_ value: Value) -> String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// `[low, high]` in milliseconds from a duration or a range of durations.
    static func millisecondRange(_ value: Value) -> [Double]? {
        switch value {
        case .range(let low, let high):
            guard let low = milliseconds(low), let high = milliseconds(high) else { return nil }
            return [low, high]
        default:
            return milliseconds(value).map { [$0, $0] }
        }
    }

    /// The attributes of a block, by name.
    static func attributes(_ body: Block) -> [String: Expression] {
        var result: [String: Expression] = [:]
        for statement in body.statements {
            if case .attribute(let name, let value) = statement.kind { result[name.name] = value }
        }
        return result
    }

    static func location(_ file: SourceFile, _ range: SourceRange) -> String {
        "\(file.name):\(file.position(of: range.start))"
    }

    // MARK: Environments

    mutating func environmentPlan(_ name: String, symbol: Symbol?) throws -> EnvironmentPlan {
        let revision = try gatewayRevision(environmentSymbol: symbol)
        var listen: String?
        var adminURLs: [String] = []
        var adminToken: SecretPlan?
        var limitsStore: String?
        if let symbol, let body = symbol.body {
            for (attribute, expression) in PlanBuilder.attributes(body) {
                if attribute == "admin", case .name = expression.kind { continue }  // `admin = embedded`
                let value = try value(expression, in: symbol.file)
                switch (attribute, value) {
                case ("listen", .string(let text)): listen = text
                case ("admin", .string(let url)): adminURLs = [url]
                case ("admin", .list(let urls)): adminURLs = urls.compactMap(PlanBuilder.string)
                case ("admin_token", .secret(let reference)): adminToken = SecretPlan(environmentVariable: reference.environmentVariable)
                case ("limits_store", .string(let url)): limitsStore = url
                default: break
                }
            }
        }
        let binding = model.environments.first { $0.name == name }
        var params: [String: String] = [:]
        for (param, value) in binding?.params ?? model.defaultParams { params[param] = value.displayText }
        return EnvironmentPlan(
            listen: listen, adminURLs: adminURLs, adminToken: adminToken, valuesFile: binding?.valuesFile,
            limitsStore: limitsStore, params: params, revisionId: CanonicalJSON.revisionId(of: revision), revision: revision)
    }

    mutating func gatewayRevision(environmentSymbol: Symbol?) throws -> GatewayRevision {
        var providers: [String: ProviderPlan] = [:]
        for provider in model.symbols(of: .provider) {
            providers[provider.name.name] = try providerPlan(provider)
        }
        var keySets: [String: [KeyPlan]] = [:]
        for (name, set) in model.keySets {
            keySets[name] = set.entries.map { KeyPlan(sha256: $0.sha256, team: $0.team, id: $0.id) }.sorted { $0.sha256 < $1.sha256 }
        }
        var flags: [String: FlagPlan] = [:]
        for flag in model.symbols(of: .flag) {
            flags[flag.name.name] = try flagPlan(flag)
        }
        var routes: [String: RoutePlan] = [:]
        var table: [String: String] = [:]
        // Routes in name order, so a duplicate method+path resolves the same way whatever the
        // declaration order (the checker warns about duplicates).
        for route in model.symbols(of: .route).sorted(by: { $0.name.name < $1.name.name }) {
            let plan = try routePlan(route)
            routes[route.name.name] = plan
            let key = GatewayRevision.tableKey(method: plan.method, path: plan.path)
            if table[key] == nil { table[key] = route.name.name }
        }
        var maxBody: Int64 = 4 * 1024 * 1024
        if let symbol = environmentSymbol, let body = symbol.body, let expression = PlanBuilder.attributes(body)["max_body"],
            case .bytes(let bytes) = try value(expression, in: symbol.file)
        {
            maxBody = bytes
        }
        return GatewayRevision(
            gateway: model.gatewayName ?? "", providers: providers, keySets: keySets, flags: flags, routes: routes,
            routeTable: table, maxBodyBytes: maxBody)
    }

    // MARK: Providers and mocks

    mutating func providerPlan(_ symbol: Symbol) throws -> ProviderPlan {
        let attributes = PlanBuilder.attributes(symbol.body!)
        var values: [String: Value] = [:]
        for (name, expression) in attributes { values[name] = try value(expression, in: symbol.file) }
        // `kind = openai` is a word even when a provider is also named `openai`.
        if case .name(let word)? = attributes["kind"]?.kind { values["kind"] = .word(word.name) }
        guard case .word(let kind)? = values["kind"] else {
            throw InternalError(description: "provider \(symbol.name.name) has no kind")
        }
        var key: SecretPlan?
        if case .secret(let reference)? = values["key"] { key = SecretPlan(environmentVariable: reference.environmentVariable) }
        let mock = kind == "mock" ? mockBehavior(values) : nil
        return ProviderPlan(
            kind: kind, url: values["url"].flatMap(PlanBuilder.string), key: key,
            timeoutMs: values["timeout"].flatMap(PlanBuilder.milliseconds) ?? 60_000,
            connectTimeoutMs: values["connect_timeout"].flatMap(PlanBuilder.milliseconds) ?? 5_000,
            maxConnections: values["max_connections"].flatMap(PlanBuilder.number).map { Int($0) } ?? 64,
            mock: mock, costPer1kTokens: values["cost_per_1k_tokens"].flatMap(PlanBuilder.number),
            caCertificates: model.trustedCertificates[symbol.name.name])
    }

    /// Defaults: 10–30 ms, no errors, 500 on error, streams when asked, 20–200 tokens.
    func mockBehavior(_ values: [String: Value]) -> MockBehavior {
        var errorPercent = 0.0
        var errorsAfter: Double?
        switch values["errors"] {
        case .percent(let share)?: errorPercent = share
        case .timeline(.percent(let share), let after)?:
            errorPercent = share
            errorsAfter = Double(after) / 1_000_000
        default: break
        }
        var hang = 0.0
        if case .percent(let share)? = values["hang"] { hang = share }
        var tokens: [Double] = [20, 200]
        switch values["tokens"] {
        case .count(let count, _)?: tokens = [count, count]
        case .int(let count)?: tokens = [Double(count), Double(count)]
        case .range(let low, let high)?:
            if let low = low.numeric, let high = high.numeric { tokens = [low, high] }
        default: break
        }
        var stream = true
        if case .bool(let flag)? = values["stream"] { stream = flag }
        return MockBehavior(
            latencyMs: values["latency"].flatMap(PlanBuilder.millisecondRange) ?? [10, 30],
            ttftMs: values["ttft"].flatMap(PlanBuilder.millisecondRange), errorPercent: errorPercent,
            errorsAfterMs: errorsAfter, errorStatus: values["error_status"].flatMap(PlanBuilder.number).map { Int($0) } ?? 500,
            hangPercent: hang, stream: stream, tokens: tokens)
    }

    mutating func mockOverride(_ symbol: Symbol) throws -> MockOverride {
        var values: [String: Value] = [:]
        for (name, expression) in PlanBuilder.attributes(symbol.body!) { values[name] = try value(expression, in: symbol.file) }
        guard case .entity(_, let provider)? = values["for"] else {
            throw InternalError(description: "mock \(symbol.name.name) names no provider")
        }
        return MockOverride(provider: provider, behavior: mockBehavior(values))
    }

    // MARK: Flags

    mutating func flagPlan(_ symbol: Symbol) throws -> FlagPlan {
        var defaultOn = false
        var rollout = 0.0
        var enableFor: Predicate?
        var sticky = "key"
        for statement in symbol.body!.statements {
            switch statement.kind {
            case .attribute(let name, let expression):
                let value = try value(expression, in: symbol.file)
                if name.name == "default", case .bool(let on) = value { defaultOn = on }
                if name.name == "rollout", case .percent(let share) = value { rollout = share }
            case .enableFor(let condition):
                let compiled = try predicate(condition, in: symbol.file)
                enableFor = enableFor.map { .or($0, compiled) } ?? compiled
            case .stickyBy(let subject):
                sticky = PlanBuilder.pathText(subject) ?? "key"
            default:
                break
            }
        }
        return FlagPlan(defaultOn: defaultOn, rolloutPercent: defaultOn ? 100 : rollout, enableFor: enableFor, stickyBy: sticky)
    }

    static func pathText(_ expression: Expression) -> String? {
        switch expression.kind {
        case .name(let name): name.name
        case .member(let base, let member): pathText(base).map { "\($0).\(member.name)" }
        default: nil
        }
    }
}
