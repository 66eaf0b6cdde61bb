import GWPlan

/// `:route`'s answer in plain words: the status the gateway would give, or the route, the arm
/// that chose, the targets with their shares, and the route's limits, retries and fallback.
enum RouteReport {
    static func text(_ simulation: RouteSimulation, environment: String) -> String {
        let request = simulation.request
        let head = "\(request.method) \(request.path)"
        switch simulation.outcome {
        case .noRoute:
            return "\(head) → 404 no_route: No route for \(head). (environment \(environment))"
        case .methodNotAllowed(let allowed):
            return "\(head) → 405 method_not_allowed: \(request.path) does not accept \(request.method); "
                + "it accepts \(allowed.joined(separator: ", ")). (environment \(environment))"
        default:
            break
        }
        guard let name = simulation.routeName, let route = simulation.route else { return head }
        var lines = ["\(head) → route \(name) (environment \(environment))"]
        switch simulation.outcome {
        case .unauthorized(let keySet, let teams):
            let given = request.team.map { "team '\($0)' has no key in '\(keySet)'" } ?? "no \"team\" given"
            lines.append(
                "  401 invalid_api_key: the route admits API keys of '\(keySet)' "
                    + "(teams: \(teams.joined(separator: ", "))); "
                    + "\(given)")
            return lines.joined(separator: "\n")
        case .missingModel:
            lines.append(
                "  400 invalid_request_error: the request body has no `model`; this route routes on it (add \"model\")")
            return lines.joined(separator: "\n")
        default:
            break
        }
        if let team = request.team {
            lines.append("  caller: team \(team)" + (route.auth.map { " (API key of '\($0)')" } ?? ""))
        }
        for (index, holds) in simulation.armResults.enumerated() {
            let arm = route.arms[index]
            let condition = arm.when.map { "when \(PlanText.predicate($0))" } ?? "else"
            lines.append("  arm \(index + 1): \(condition) — " + (holds ? "chosen" : "no"))
        }
        for flag in simulation.flags {
            lines.append("  flag \(flag.name): \(flag.on ? "on" : "off") (\(flag.reason))")
        }
        guard case .routed(let armIndex) = simulation.outcome else {
            lines.append("  404 no_route: no arm matched and the route has no else")
            return lines.joined(separator: "\n")
        }
        lines.append("  targets: " + targets(route.arms[armIndex].targets))
        if !route.limits.isEmpty {
            lines.append("  limits: " + route.limits.map(PlanText.limit).joined(separator: "; ") + " (beyond them 429)")
        }
        if let timeout = route.timeoutMs { lines.append("  timeout: \(PlanText.duration(timeout)), then 504") }
        if let retry = route.retry {
            let low = PlanText.duration(retry.backoffMs.first ?? 0)
            let backoff = "\(low)–\(PlanText.duration(retry.backoffMs.last ?? 0))"
            lines.append(
                "  retry: up to \(retry.attempts) time\(retry.attempts == 1 ? "" : "s") "
                    + "on \(retry.on.joined(separator: ", ")), backoff \(backoff)")
        }
        if let fallback = route.fallback {
            lines.append(
                "  fallback: \(fallback.providers.joined(separator: " then ")) "
                    + "on \(fallback.on.joined(separator: ", "))"
            )
        }
        if let breaker = route.breaker {
            lines.append(
                "  breaker: a provider failing \(breaker.failures) times in \(PlanText.duration(breaker.windowMs)) "
                    + "is skipped for \(PlanText.duration(breaker.openMs))")
        }
        return lines.joined(separator: "\n")
    }

    /// `primary 80%, backup 20%`, each share of the arm's total weight, with model rewrites.
    static func targets(_ targets: [TargetPlan]) -> String {
        let total = targets.reduce(0) { $0 + $1.weight }
        return targets.map { target in
            let share = total > 0 ? target.weight / total * 100 : 100 / Double(targets.count)
            return "\(target.provider) \(PlanText.percent(share))"
                + (target.model.map { " (model rewritten to \"\($0)\")" } ?? "")
        }.joined(separator: ", ")
    }
}
