/// How `gwpipe run` should go: which pipeline, what a person allowed up front, where outputs go.
public struct RunOptions: Sendable {
    /// The pipeline to run; may be nil when the file has exactly one.
    public var pipeline: String?
    /// Grants every `approve` step (and pauses on inconclusive gates) without asking.
    public var approve: Bool
    /// Continues a run that stopped waiting for approval; that approval is granted by resuming.
    public var resume: Int64?
    /// Compresses every pipeline duration (and embedded mock timelines) by this factor; 1 is real time.
    public var timeScale: Double
    /// Serve embedded environments on free ports instead of their `listen` addresses.
    public var ephemeralPorts: Bool
    /// The process environment: secrets, `CI`, git variables.
    public var environmentVariables: [String: String]
    /// How long one instance may take to roll back (drop a canary, flip back, restore a flag)
    /// before it is reported as not back; the others do not wait for it.
    public var rollbackTimeoutSeconds: Double
    public var junitPath: String?
    public var sarifPath: String?
    public var eventsPath: String?
    public var reportPath: String?

    public init(
        pipeline: String? = nil, approve: Bool = false, resume: Int64? = nil, timeScale: Double = 1,
        ephemeralPorts: Bool = false, environmentVariables: [String: String] = [:], junitPath: String? = nil,
        sarifPath: String? = nil, eventsPath: String? = nil, reportPath: String? = nil, rollbackTimeoutSeconds: Double = 30
    ) {
        self.rollbackTimeoutSeconds = rollbackTimeoutSeconds
        self.pipeline = pipeline
        self.approve = approve
        self.resume = resume
        self.timeScale = timeScale
        self.ephemeralPorts = ephemeralPorts
        self.environmentVariables = environmentVariables
        self.junitPath = junitPath
        self.sarifPath = sarifPath
        self.eventsPath = eventsPath
        self.reportPath = reportPath
    }
}
