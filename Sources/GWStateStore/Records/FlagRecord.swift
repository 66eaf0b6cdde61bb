import Foundation

/// A flag's runtime rollout share in an environment, as set at a moment.
public struct FlagRecord: Codable, Sendable, Hashable {
    public var environment: String
    public var flag: String
    /// 0–100.
    public var percent: Double
    public var at: Date
    public var runId: Int64?

    public init(environment: String, flag: String, percent: Double, at: Date, runId: Int64?) {
        self.environment = environment
        self.flag = flag
        self.percent = percent
        self.at = at
        self.runId = runId
    }
}
