import GWPlan
import GWSema
import GWSyntax

/// The program a REPL session has loaded: its checked model, its plan (when it has no errors)
/// and which environment's values params take.
struct ReplProgram: Sendable {
    var path: String
    var model: SemanticModel
    var plan: Plan?
    /// The selected environment; `nil` when the program declares none (params at their defaults).
    var environment: String?

    /// Environments in declaration order.
    var environmentNames: [String] { model.environments.map(\.name) }

    /// Param values of the selected environment, or the defaults.
    var bindings: [String: Value] {
        model.environments.first { $0.name == environment }?.params ?? model.defaultParams
    }

    /// `gateway "chat-gateway", 2 routes, 3 providers, 2 environments (staging, production)`
    var summary: String {
        var parts: [String] = []
        let count = { (kind: EntityKind) -> String in
            let n = self.model.symbols(of: kind).count
            return "\(n) \(kind.noun)\(n == 1 ? "" : "s")"
        }
        parts.append(count(.route))
        parts.append(count(.provider))
        let environments = environmentNames
        parts.append(
            "\(environments.count) environment\(environments.count == 1 ? "" : "s")"
                + (environments.isEmpty ? "" : " (\(environments.joined(separator: ", ")))"))
        let pipelines = model.symbols(of: .pipeline).count
        if pipelines > 0 { parts.append("\(pipelines) pipeline\(pipelines == 1 ? "" : "s")") }
        return (model.gatewayName.map { "gateway \"\($0)\", " } ?? "") + parts.joined(separator: ", ")
    }

    /// `:plan`: each environment's revision id, then the selected environment's routes.
    func planText(_ plan: Plan) -> String {
        var lines = ["gateway \"\(plan.gateway)\""]
        let names = environmentNames.filter { plan.environments[$0] != nil }
        let width = names.map(\.count).max() ?? 0
        for name in names {
            guard let environment = plan.environments[name] else { continue }
            let padded = name.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append(
                "environment \(padded)  revision \(environment.revisionId)  \(environment.revision.routes.count) routes"
                    + (name == self.environment ? "  (selected)" : ""))
        }
        guard let selected = environment, let revision = plan.environments[selected]?.revision else {
            return lines.joined(separator: "\n")
        }
        lines.append("routes in \(selected):")
        for (key, name) in revision.routeTable.sorted(by: { $0.key < $1.key }) {
            guard let route = revision.routes[name] else { continue }
            var facts = [route.auth.map { "auth \($0)" } ?? "no auth"]
            if !route.limits.isEmpty {
                facts.append("\(route.limits.count) limit\(route.limits.count == 1 ? "" : "s")")
            }
            if let retry = route.retry { facts.append("retry \(retry.attempts)") }
            if let fallback = route.fallback { facts.append("fallback \(fallback.providers.joined(separator: ", "))") }
            if route.breaker != nil { facts.append("breaker") }
            let arms = route.arms.map { RouteReport.targets($0.targets) }.joined(separator: " | ")
            lines.append("  \(key) → \(name) (\(facts.joined(separator: "; "))): \(arms)")
        }
        return lines.joined(separator: "\n")
    }
}
