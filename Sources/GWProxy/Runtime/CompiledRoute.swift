import GWPlan

/// One route of a `CompiledRevision`, with what every request on it needs worked out once: the
/// gateway's answer headers that name the revision and route, and whether its rules read headers.
/// A class, so a request in flight holds one reference rather than a copy of the route's plan.
final class CompiledRoute: Sendable {
    let name: String
    let plan: RoutePlan
    /// `x-gwpipe-revision: …\r\nx-gwpipe-route: …\r\n`, encoded once.
    let decoration: [UInt8]
    /// Whether a `when` arm or a flag of the revision can read request headers: only then is the
    /// lowercased copy of the headers made.
    let readsHeaders: Bool
    /// Whether an arm routes on the body's `model` (a body without one is refused).
    let routesOnModel: Bool
    /// What a request tries when its arm `a` picked target `t`: `candidates[a][t]`, that target
    /// first, then the route's fallbacks other than it. Worked out once, so a request neither
    /// looks providers up by name nor builds the list.
    let candidates: [[[UpstreamCandidate]]]

    init(name: String, plan: RoutePlan, revisionID: String, revisionHasFlags: Bool, providers: [String: CompiledProvider]) {
        self.name = name
        self.plan = plan
        self.decoration = Array("x-gwpipe-revision: \(revisionID)\r\nx-gwpipe-route: \(name)\r\n".utf8)
        self.readsHeaders = revisionHasFlags || plan.arms.contains { $0.when != nil }
        self.routesOnModel = plan.arms.contains { $0.when?.readsModel ?? false }
        let fallbacks = plan.fallback?.providers ?? []
        func candidate(_ provider: String, model: String?) -> UpstreamCandidate {
            UpstreamCandidate(provider: provider, compiled: providers[provider], model: model)
        }
        self.candidates = plan.arms.map { arm in
            arm.targets.map { target in
                [candidate(target.provider, model: target.model)]
                    + fallbacks.filter { $0 != target.provider }.map { candidate($0, model: nil) }
            }
        }
    }
}
