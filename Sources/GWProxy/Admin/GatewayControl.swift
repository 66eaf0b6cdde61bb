import GWPlan

/// How the pipeline interpreter drives a gateway, wherever it runs: in process
/// (`EmbeddedGatewayControl`) or behind a `gwpipe serve` admin API (`RemoteGatewayControl`).
/// Both behave the same, so embedded tests prove what a real fleet does.
public protocol GatewayControl: Sendable {
    func status() async throws -> GatewayStatus
    /// A revision the gateway keeps (the stable one, earlier ones), so a release tool can record
    /// what a fleet served before it changed anything; nil when it is not kept.
    func revision(_ id: String) async throws -> GatewayRevision?
    /// Stores a revision under its id; the gateway verifies the id is its content hash.
    func upload(_ revision: GatewayRevision, id: String) async throws
    /// Makes an uploaded revision stable at once (a straight swap), dropping any canary.
    func deploy(revisionID: String) async throws
    /// Puts an uploaded revision in the canary slot at `weight` percent (0 loads it without traffic).
    func split(canary revisionID: String, weight: Double) async throws
    /// The canary becomes stable.
    func promote() async throws
    /// Drops the canary: all traffic back to stable at once.
    func rollback() async throws
    func setFlagRollout(_ flag: String, percent: Double) async throws
    /// Metrics of the last `seconds`, for one slot (`stable`, `canary`) or all traffic.
    func metrics(lastSeconds seconds: Double, slot: String?) async throws -> MetricsSnapshot
    /// Metrics of requests with a flag on (`.on`, a flag rollout's canary side) or off.
    func flagMetrics(_ flag: String, side: FlagSide, lastSeconds seconds: Double) async throws -> MetricsSnapshot
}

/// Why a gateway refused a control request.
public struct GatewayControlError: Error, Sendable, CustomStringConvertible {
    public var status: Int
    public var message: String

    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }
}
