import GWPlan
import GWSyntax

/// Route rules: auth (GW-S002), a public route without a limit (GW-S003), timeouts (GW-S005)
/// and retries (GW-S006).
extension SecurityScanner {
    /// More retries than this turn one failure into a burst; the checker holds the same bound.
    static let maximumRetries = 10

    static func routes(_ revision: GatewayRevision, _ locator: SourceLocator) -> [Finding] {
        var findings: [Finding] = []
        for (name, route) in revision.routes.sorted(by: { $0.key < $1.key }) {
            let symbol = locator.symbol(name, .route)
            let at = locator.location(of: symbol)
            if route.auth == nil {
                if route.limits.isEmpty {
                    findings.append(
                        Finding(
                            .publicRouteWithoutLimit,
                            "route \(name) has no auth and no limit: "
                                + "anyone who reaches the gateway can call it as often as they like",
                            at: at))
                } else {
                    findings.append(
                        Finding(
                            .routeWithoutAuth, "route \(name) has no auth: anyone who reaches the gateway can call it",
                            at: at))
                }
            }
            if let finding = timeout(name, route, revision, locator, at: at) { findings.append(finding) }
            findings += retry(name, route, locator)
        }
        return findings
    }

    /// A route without its own deadline, calling providers without one: each attempt waits the
    /// providers' default. Mocks that never hang answer within their latency, so they are bounded.
    private static func timeout(
        _ name: String, _ route: RoutePlan, _ revision: GatewayRevision, _ locator: SourceLocator, at: FindingLocation
    ) -> Finding? {
        guard route.timeoutMs == nil else { return nil }
        var upstreams: [String] = []
        for provider in route.arms.flatMap({ $0.targets.map(\.provider) }) + (route.fallback?.providers ?? [])
        where !upstreams.contains(provider) {
            upstreams.append(provider)
        }
        let unbounded = upstreams.filter { provider in
            guard let plan = revision.providers[provider] else { return false }
            if plan.kind == "mock", (plan.mock?.hangPercent ?? 0) == 0 { return false }
            return locator.attribute("timeout", of: locator.symbol(provider, .provider)) == nil
        }
        guard let first = unbounded.first, let wait = revision.providers[first]?.timeoutMs else { return nil }
        let attempts = 1 + max(0, route.retry?.attempts ?? 0)
        let providers = unbounded.count == 1 ? "provider \(first) sets" : "providers \(list(unbounded)) set"
        var message =
            "route \(name) has no timeout, and \(providers) none: "
            + "each attempt may wait \(durationText(milliseconds: wait))"
        if attempts > 1 { message += ", \(attempts) attempts with retries" }
        return Finding(.unboundedTimeout, message, at: at)
    }

    private static func retry(_ name: String, _ route: RoutePlan, _ locator: SourceLocator) -> [Finding] {
        guard let retry = route.retry else { return [] }
        let symbol = locator.symbol(name, .route)
        var at = locator.location(of: symbol)
        if let symbol,
            let statement = locator.statement(in: symbol, where: { if case .retry = $0 { true } else { false } })
        {
            at = locator.location(symbol.file, offset: statement.range.start)
        }
        var findings: [Finding] = []
        if retry.attempts > maximumRetries {
            findings.append(
                Finding(
                    .unboundedRetry,
                    "route \(name) retries \(retry.attempts) times: "
                        + "more than \(maximumRetries) retries turn one failure into a burst of load",
                    at: at))
        }
        if retry.attempts > 0, (retry.backoffMs.max() ?? 0) <= 0 {
            findings.append(
                Finding(
                    .unboundedRetry,
                    "route \(name) retries without waiting (backoff 0ms): "
                        + "every retry lands at once on the upstream that just failed",
                    at: at, help: "give the retry a backoff: `retry \(retry.attempts) on ... backoff 100ms..2s`"))
        }
        return findings
    }
}
