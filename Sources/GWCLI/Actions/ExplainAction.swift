import Foundation
import GWPlan
import GWSyntax

/// `gwpipe explain FILE [--route R] [--env E]`: the plan in plain words — which request goes
/// where, with what limits, retries and fallbacks — and the pipeline's stages.
public struct ExplainAction: Sendable {
    public var path: String
    public var route: String?
    public var environment: String?
    public var environmentVariables: [String: String]

    public init(
        path: String, route: String? = nil, environment: String? = nil,
        environmentVariables: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.path = path
        self.route = route
        self.environment = environment
        self.environmentVariables = environmentVariables
    }

    public func run() -> CommandResult {
        var result = CommandResult()
        let compilation: Compilation
        switch Compilation.forFile(path, environment: environment, environmentVariables: environmentVariables) {
        case .success(let compiled): compilation = compiled
        case .failure(let unreadable): return unreadable.result
        }
        guard let plan = compilation.plan else {
            result.standardError += DiagnosticRenderer().render(compilation.diagnostics)
            result.standardError += "\(path): cannot explain a program with errors; run `gwpipe check \(path)`\n"
            result.exitCode = ExitStatus.failure
            return result
        }
        let names = plan.environments.keys.sorted()
        if let route, !plan.environments.values.contains(where: { $0.revision.routes[route] != nil }) {
            let all = Set(plan.environments.values.flatMap { $0.revision.routes.keys }).sorted()
            result.standardError += "\(path): error: no route named '\(route)' (routes: \(all.joined(separator: ", ")))\n"
            result.exitCode = ExitStatus.unreadableInput
            return result
        }
        var out = "gateway \"\(plan.gateway)\"\n"
        for name in names {
            out += "\n" + describeEnvironment(name, plan.environments[name]!)
        }
        if route == nil {
            for (name, pipeline) in plan.pipelines.sorted(by: { $0.key < $1.key }) {
                out += "\n" + describePipeline(name, pipeline)
            }
        }
        result.standardOutput = out
        return result
    }

    private func describeEnvironment(_ name: String, _ environment: EnvironmentPlan) -> String {
        var out = "environment \(name) — revision \(environment.revisionId.prefix(19))…\n"
        if route == nil {
            let place = environment.adminURLs.isEmpty
                ? "an embedded gateway" : "\(environment.adminURLs.count) gwpipe serve instance(s) (\(environment.adminURLs.joined(separator: ", ")))"
            out += "  runs on \(place)" + (environment.listen.map { ", listening on \($0)" } ?? "") + "\n"
            if !environment.params.isEmpty {
                out += "  params: " + environment.params.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", ") + "\n"
            }
            for (providerName, provider) in environment.revision.providers.sorted(by: { $0.key < $1.key }) {
                out += "  provider \(providerName): " + describeProvider(provider) + "\n"
            }
        }
        let revision = environment.revision
        for (key, routeName) in revision.routeTable.sorted(by: { $0.key < $1.key }) where route == nil || route == routeName {
            out += describeRoute(key, routeName, revision.routes[routeName]!, revision: revision)
        }
        return out
    }

    private func describeProvider(_ provider: ProviderPlan) -> String {
        var text = provider.kind
        if let url = provider.url { text += " at \(url)" }
        if let mock = provider.mock {
            text += ", answers in \(PlanText.duration(mock.latencyMs[0]))–\(PlanText.duration(mock.latencyMs[1]))"
            if mock.errorPercent > 0 {
                text += ", fails \(PlanText.percent(mock.errorPercent)) with \(mock.errorStatus)"
                if let after = mock.errorsAfterMs { text += " after \(PlanText.duration(after))" }
            }
        } else {
            text += ", timeout \(PlanText.duration(provider.timeoutMs)), up to \(provider.maxConnections) connections"
            if let key = provider.key { text += ", key from $\(key.environmentVariable)" }
            if let certificates = provider.caCertificates {
                let count = certificates.components(separatedBy: "-----BEGIN CERTIFICATE-----").count - 1
                text += ", TLS verified against its ca_file (\(count) certificate\(count == 1 ? "" : "s"))"
            }
        }
        return text
    }

    private func describeRoute(_ key: String, _ name: String, _ route: RoutePlan, revision: GatewayRevision) -> String {
        var out = "  \(key)  (route \(name))\n"
        if let auth = route.auth {
            out += "    callers: API keys of '\(auth)' (\(revision.keySets[auth]?.count ?? 0) keys); others get 401\n"
        } else {
            out += "    callers: anyone (no auth)\n"
        }
        for limit in route.limits { out += "    limit: \(PlanText.limit(limit)); beyond it 429 with retry-after\n" }
        if let timeout = route.timeoutMs { out += "    timeout: \(PlanText.duration(timeout)), then 504\n" }
        if route.readsBody { out += "    reads `model` from the JSON body to choose an arm\n" }
        for (index, arm) in route.arms.enumerated() {
            let condition = arm.when.map { "when \(PlanText.predicate($0))" } ?? (index == 0 ? "every request" : "otherwise")
            out += "    \(index + 1). \(condition) → \(PlanText.targets(arm.targets))\n"
        }
        if let retry = route.retry {
            out += "    retry: up to \(retry.attempts) time\(retry.attempts == 1 ? "" : "s") on \(retry.on.joined(separator: ", ")), "
                + "backoff \(PlanText.duration(retry.backoffMs[0]))–\(PlanText.duration(retry.backoffMs[1])) with jitter, "
                + "only before the first byte reached the client\n"
        }
        if let fallback = route.fallback {
            out += "    fallback: \(fallback.providers.joined(separator: " then ")) on \(fallback.on.joined(separator: ", "))\n"
        }
        if let breaker = route.breaker {
            out += "    breaker: a provider failing \(breaker.failures) times in \(PlanText.duration(breaker.windowMs)) "
                + "is skipped for \(PlanText.duration(breaker.openMs)) (503 when nothing is left)\n"
        }
        return out
    }

    private func describePipeline(_ name: String, _ pipeline: PipelinePlan) -> String {
        var out = "pipeline \(name)\n"
        for stage in pipeline.stages {
            out += "  stage \(stage)\n"
            let steps = pipeline.steps.filter { $0.stage == stage }
            for step in steps {
                let parallel = steps.filter { $0.dependsOn == step.dependsOn }.count > 1 ? " (in parallel)" : ""
                out += "    - " + describeStep(step) + parallel + "\n"
            }
        }
        if !pipeline.onFailure.isEmpty {
            out += "  on failure\n"
            for step in pipeline.onFailure { out += "    - " + describeStep(step) + "\n" }
        }
        return out
    }

    private func describeStep(_ step: StepPlan) -> String {
        switch step.kind {
        case "check": return "check the configuration"
        case "scan": return "scan the plan for security problems"
        case "test":
            return "run test suite \(step.suite ?? "")" + (step.target == "mocks" ? " on an ephemeral gateway with mocks" : step.target.map { " against \($0)" } ?? "")
        case "run": return "run `\(step.command ?? "")`" + (step.timeoutMs.map { ", killed after \(PlanText.duration($0))" } ?? "")
        case "deploy": return "deploy to \(step.environment ?? "") (health-checked swap)"
        case "rollback": return "roll \(step.environment ?? "") back to its stable revision"
        case "wait": return "wait \(PlanText.duration(step.durationMs ?? 0))"
        case "gate":
            return "gate: \(step.gate?.source ?? "")" + (step.overMs.map { " over \(PlanText.duration($0))" } ?? "")
                + (step.environment.map { " on \($0)" } ?? "")
        case "approve": return "wait for approval" + (step.approveWhen.map { " when \($0)" } ?? "")
        case "notify": return "notify \(step.url ?? step.urlSecret.map { "the webhook in $" + $0.environmentVariable } ?? "")"
        case "strategy": return step.strategy.map(describeStrategy) ?? "rollout"
        default: return step.kind
        }
    }

    private func describeStrategy(_ strategy: StrategyPlan) -> String {
        var parts: [String] = []
        switch strategy.kind {
        case "canary":
            parts.append("canary on \(strategy.environment): " + strategy.steps.map { "\(PlanText.percent($0.percent)) for \(PlanText.duration($0.durationMs))" }.joined(separator: " → ") + " → promote")
        case "blue_green":
            parts.append("blue-green on \(strategy.environment)" + (strategy.verify.map { ": verify with \($0)" } ?? "") + ", flip at once"
                + (strategy.keepPreviousMs.map { ", keep blue warm \(PlanText.duration($0))" } ?? ""))
        case "rolling":
            parts.append("rolling on \(strategy.environment): \(strategy.batch ?? 1) instance(s) at a time"
                + (strategy.pauseMs.map { ", \(PlanText.duration($0)) apart" } ?? "") + (strategy.health.map { ", health \($0)" } ?? ""))
        default:
            parts.append("flag \(strategy.flag ?? "") rollout on \(strategy.environment): "
                + strategy.steps.map { "\(PlanText.percent($0.percent)) for \(PlanText.duration($0.durationMs))" }.joined(separator: " → "))
        }
        if let interval = strategy.analysisIntervalMs, !strategy.gates.isEmpty {
            parts.append("every \(PlanText.duration(interval)) check " + strategy.gates.map(\.source).joined(separator: "; "))
        }
        for abort in strategy.aborts {
            parts.append("abort at once when \(abort.gate.source)" + (abort.forMs > 0 ? " for \(PlanText.duration(abort.forMs))" : ""))
        }
        if let rps = strategy.syntheticRps { parts.append("with \(PlanText.trim(rps)) rps of synthetic traffic") }
        return parts.joined(separator: "; ")
    }
}
