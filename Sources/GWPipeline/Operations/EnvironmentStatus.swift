import Foundation
import GWStateStore

/// What runs where for one environment: the file's revision, what the state store says was last
/// promoted, what each remote instance reports, and whether they drifted apart.
public struct EnvironmentStatus: Codable, Sendable, Hashable {
    /// What one `gwpipe serve` instance says it serves.
    public struct Instance: Codable, Sendable, Hashable {
        public var name: String
        public var stable: String?
        public var canary: String?
        public var canaryWeight: Double
        public var flagRollouts: [String: Double]
        /// Why the instance could not be asked.
        public var error: String?
    }

    public var environment: String
    public var embedded: Bool
    /// The revision the file describes now; nil without a file.
    public var fileRevision: String?
    /// The last revision promoted there, per the state store.
    public var recordedStable: String?
    public var lastDeployment: DeploymentRecord?
    public var instances: [Instance]
    /// Runs that were still going when their process died.
    public var drift: [String]

    public var inSync: Bool { drift.isEmpty }
}
