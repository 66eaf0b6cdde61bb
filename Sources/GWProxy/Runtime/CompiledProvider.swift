import GWPlan

/// One provider of a `CompiledRevision`: its plan, how to reach it (an HTTP target or an
/// in-process mock) and its answer header, worked out once when the revision is loaded so a request
/// looks its provider up once rather than at every step.
final class CompiledProvider: Sendable {
    let name: String
    let plan: ProviderPlan
    /// Set for `kind = mock`.
    let mock: MockResponder?
    /// Set for HTTP providers whose `url` is usable; an HTTP provider without one fails its
    /// attempts with a connect error.
    let target: UpstreamTarget?
    /// `x-gwpipe-upstream: NAME\r\n`.
    let headerLine: [UInt8]

    init(name: String, plan: ProviderPlan, environment: [String: String]) {
        self.name = name
        self.plan = plan
        self.mock = plan.mock.map { MockResponder(behavior: $0, name: name) }
        self.target = UpstreamTarget(name: name, provider: plan, environment: environment)
        self.headerLine = Array("x-gwpipe-upstream: \(name)\r\n".utf8)
    }
}
