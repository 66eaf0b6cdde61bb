import GWPlan

/// A started environment of a run: its plan and the gateways that serve it.
public struct EnvironmentHandle: Sendable {
    public var name: String
    public var plan: EnvironmentPlan
    /// One for an embedded environment; one per admin URL for a fleet.
    public var instances: [GatewayInstance]
    public var isEmbedded: Bool
    /// Keys synthetic traffic presents (admitted by embedded gateways only); never printed.
    var syntheticKeys: [String]

    /// The URL traffic goes to: the embedded listener, or the environment's `listen` for a fleet.
    public var dataURL: String? {
        if let url = instances.first?.dataURL, isEmbedded || instances.count == 1 { return url }
        return plan.listen.map { $0.hasPrefix("http") ? $0 : "http://\($0)" } ?? instances.first?.dataURL
    }
}
