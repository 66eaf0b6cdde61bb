import GWPlan

/// A plan flattened into `subject → fact` lines in words (one per route arm, limit, provider
/// setting, pipeline step), so two plans can be compared line by line and the differences read
/// like sentences instead of JSON paths.
enum PlanFacts {
    static func facts(of plan: Plan) -> [String: String] {
        var facts: [String: String] = [:]
        for (environmentName, environment) in plan.environments {
            let prefix = "environment \(environmentName)"
            facts["\(prefix): listen"] = environment.listen ?? "-"
            facts["\(prefix): admin"] = environment.adminURLs.isEmpty ? "embedded" : environment.adminURLs.joined(separator: ", ")
            for (name, value) in environment.params { facts["\(prefix): param \(name)"] = value }
            let revision = environment.revision
            for (name, provider) in revision.providers {
                let subject = "\(prefix): provider \(name)"
                facts["\(subject): kind"] = provider.kind
                facts["\(subject): url"] = provider.url ?? "-"
                facts["\(subject): timeout"] = PlanText.duration(provider.timeoutMs)
                facts["\(subject): max connections"] = String(provider.maxConnections)
                facts["\(subject): key"] = provider.key.map { "$" + $0.environmentVariable } ?? "-"
                if let mock = provider.mock {
                    facts["\(subject): latency"] = "\(PlanText.duration(mock.latencyMs[0]))..\(PlanText.duration(mock.latencyMs[1]))"
                    facts["\(subject): errors"] = PlanText.percent(mock.errorPercent) + (mock.errorsAfterMs.map { " after \(PlanText.duration($0))" } ?? "")
                }
            }
            for (name, keys) in revision.keySets { facts["\(prefix): keys \(name)"] = "\(keys.count) keys" }
            for (name, flag) in revision.flags {
                facts["\(prefix): flag \(name)"] = (flag.defaultOn ? "on" : "off") + ", rollout \(PlanText.percent(flag.rolloutPercent))"
                    + (flag.enableFor.map { ", on when \(PlanText.predicate($0))" } ?? "") + ", sticky by \(flag.stickyBy)"
            }
            for (name, route) in revision.routes {
                let subject = "\(prefix): route \(name)"
                facts["\(subject): match"] = "\(route.method) \(route.path)"
                facts["\(subject): auth"] = route.auth ?? "none"
                facts["\(subject): timeout"] = route.timeoutMs.map(PlanText.duration) ?? "-"
                for (index, limit) in route.limits.enumerated() { facts["\(subject): limit \(index + 1)"] = PlanText.limit(limit) }
                for (index, arm) in route.arms.enumerated() {
                    let condition = arm.when.map { "when \(PlanText.predicate($0))" } ?? "else"
                    facts["\(subject): arm \(index + 1)"] = "\(condition) → \(PlanText.targets(arm.targets))"
                }
                if let retry = route.retry {
                    facts["\(subject): retry"] = "\(retry.attempts)× on \(retry.on.joined(separator: ", ")), backoff "
                        + "\(PlanText.duration(retry.backoffMs[0]))..\(PlanText.duration(retry.backoffMs[1]))"
                }
                if let fallback = route.fallback {
                    facts["\(subject): fallback"] = "\(fallback.providers.joined(separator: ", ")) on \(fallback.on.joined(separator: ", "))"
                }
                if let breaker = route.breaker {
                    facts["\(subject): breaker"] = "\(breaker.failures) failures in \(PlanText.duration(breaker.windowMs)), open \(PlanText.duration(breaker.openMs))"
                }
            }
        }
        for (name, pipeline) in plan.pipelines {
            facts["pipeline \(name): stages"] = pipeline.stages.joined(separator: " → ")
            for step in pipeline.steps + pipeline.onFailure {
                facts["pipeline \(name): step \(step.id)"] = stepText(step)
            }
        }
        return facts
    }

    private static func stepText(_ step: StepPlan) -> String {
        var text = step.kind
        if let strategy = step.strategy {
            text = "\(strategy.kind) on \(strategy.environment)"
            if !strategy.steps.isEmpty {
                text += ": " + strategy.steps.map { "\(PlanText.percent($0.percent)) for \(PlanText.duration($0.durationMs))" }.joined(separator: ", ")
            }
            if !strategy.gates.isEmpty { text += "; gates " + strategy.gates.map(\.source).joined(separator: "; ") }
            for abort in strategy.aborts { text += "; abort when \(abort.gate.source) for \(PlanText.duration(abort.forMs))" }
        }
        for detail in [step.suite, step.target, step.command, step.environment, step.gate?.source, step.url, step.urlSecret.map { "the webhook in $" + $0.environmentVariable }, step.approveWhen] {
            if let detail, step.strategy == nil { text += " \(detail)" }
        }
        if let duration = step.durationMs { text += " \(PlanText.duration(duration))" }
        return text
    }
}
