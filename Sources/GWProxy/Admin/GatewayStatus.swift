/// What a gateway reports about itself: which revisions it serves and how traffic is split.
public struct GatewayStatus: Codable, Sendable, Hashable {
    public var stable: String?
    public var canary: String?
    /// Share of callers (0–100) sent to the canary.
    public var canaryWeight: Double
    public var flagRollouts: [String: Double]
    /// Ids of revisions uploaded and kept (the stable one included).
    public var revisions: [String]
    /// Where the instance serves traffic (`http://127.0.0.1:9080`), for health checks and tests;
    /// nil when the instance does not know its listener.
    public var dataURL: String?

    public init(
        stable: String?, canary: String?, canaryWeight: Double, flagRollouts: [String: Double], revisions: [String],
        dataURL: String? = nil
    ) {
        self.stable = stable
        self.canary = canary
        self.canaryWeight = canaryWeight
        self.flagRollouts = flagRollouts
        self.revisions = revisions
        self.dataURL = dataURL
    }
}
