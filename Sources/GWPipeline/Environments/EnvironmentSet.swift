import Foundation
import GWPlan
import GWProxy
import GWStateStore

/// The environments a run touches, started on first use and stopped when the run ends. An embedded
/// environment's gateway starts on the stable revision known for it (`--baseline`, else the state
/// store's last promoted one); a fleet's instances report their own.
actor EnvironmentSet {
    private let plan: Plan
    private let baseline: Plan?
    private let store: StateStore?
    private let environmentVariables: [String: String]
    /// Bind embedded gateways on free ports instead of their `listen` addresses (tests, parallel runs).
    private let ephemeralPorts: Bool
    private let timelineSpeed: Double
    private var started: [String: EnvironmentHandle] = [:]
    /// Starts in progress, so parallel steps on one environment share one gateway.
    private var starting: [String: Task<EnvironmentHandle, any Error>] = [:]
    private var embedded: [EmbeddedGateway] = []

    init(
        plan: Plan, baseline: Plan?, store: StateStore?, environmentVariables: [String: String], ephemeralPorts: Bool,
        timelineSpeed: Double
    ) {
        self.plan = plan
        self.baseline = baseline
        self.store = store
        self.environmentVariables = environmentVariables
        self.ephemeralPorts = ephemeralPorts
        self.timelineSpeed = timelineSpeed
    }

    var handles: [EnvironmentHandle] { started.keys.sorted().compactMap { started[$0] } }

    func handle(_ name: String) async throws -> EnvironmentHandle {
        if let handle = started[name] { return handle }
        if let pending = starting[name] { return try await pending.value }
        let task = Task { try await self.start(name) }
        starting[name] = task
        defer { starting[name] = nil }
        let handle = try await task.value
        started[name] = handle
        return handle
    }

    private func start(_ name: String) async throws -> EnvironmentHandle {
        guard let environment = plan.environments[name] else {
            let known = plan.environments.keys.sorted().joined(separator: ", ")
            throw PipelineError(.configuration, "there is no environment '\(name)' (known: \(known))")
        }
        let handle: EnvironmentHandle
        if environment.adminURLs.isEmpty {
            handle = try await startEmbedded(name, environment)
        } else {
            handle = try await connectFleet(name, environment)
        }
        return handle
    }

    /// The revision an embedded environment starts on, and where that knowledge came from.
    func knownStable(_ name: String) throws -> (revision: GatewayRevision, id: String, source: String)? {
        if let baseline = baseline?.environments[name] {
            return (baseline.revision, baseline.revisionId, "--baseline")
        }
        guard let store, let record = try store.stableRevision(environment: name) else { return nil }
        guard let revision = try? CanonicalJSON.decode(GatewayRevision.self, from: record.canonicalJSON),
            CanonicalJSON.revisionId(of: revision) == record.id
        else {
            throw PipelineError(.infrastructure, "the state store's copy of revision \(record.id) for \(name) is damaged")
        }
        return (revision, record.id, "the state store")
    }

    private func startEmbedded(_ name: String, _ environment: EnvironmentPlan) async throws -> EnvironmentHandle {
        let stable = try knownStable(name)
        if let stable, stable.source == "--baseline" {
            // Kept so that a later `gwpipe rollback` can go back to it without the baseline file.
            try? store?.recordRevision(
                RevisionRecord(
                    id: stable.id, environment: name, sourceFile: "--baseline", gitCommit: nil, gitAuthor: nil, gitMessage: nil,
                    gitCommittedAt: nil, recordedAt: Date(), canonicalJSON: CanonicalJSON.encode(stable.revision)))
        }
        let address = environment.listen ?? "127.0.0.1:0"
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            throw PipelineError(.configuration, "environment \(name): listen '\(address)' is not HOST:PORT")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        // Enough callers that a sticky split gives the canary close to its weight: with 64, a 10% step
        // drew 2 callers or fewer about one run in 25 (too few requests: inconclusive), a 1% step none
        // at all one run in two.
        let keys = (0..<SyntheticTraffic.callers).map { _ in "gwpipe-synthetic-" + Self.randomToken() }
        let gateway: EmbeddedGateway
        do {
            gateway = try await EmbeddedGateway.start(
                host: host, port: ephemeralPorts ? 0 : port, stable: stable.map { ($0.revision, $0.id) },
                maxBodyBytes: Int(environment.revision.maxBodyBytes), environmentVariables: environmentVariables,
                syntheticKeys: keys, timelineSpeed: timelineSpeed)
        } catch {
            throw PipelineError(
                .infrastructure, "environment \(name): cannot serve on \(address): \(error) (is another gateway running there?)")
        }
        embedded.append(gateway)
        let instance = GatewayInstance(name: name, control: gateway.control, dataURL: gateway.dataURL)
        return EnvironmentHandle(name: name, plan: environment, instances: [instance], isEmbedded: true, syntheticKeys: keys)
    }

    /// Checks every instance answers with the token before anything moves.
    private func connectFleet(_ name: String, _ environment: EnvironmentPlan) async throws -> EnvironmentHandle {
        let token = environment.adminTokenValue(in: environmentVariables)
        var instances: [GatewayInstance] = []
        for url in environment.adminURLs {
            let control = RemoteGatewayControl(baseURL: url, token: token)
            let status: GatewayStatus
            do {
                status = try await control.status()
            } catch let error as GatewayControlError where error.status == 401 || error.status == 403 {
                let variable = environment.adminToken?.environmentVariable ?? "GWPIPE_ADMIN_TOKEN"
                throw PipelineError(.configuration, "environment \(name): \(error.message) (set \(variable) to the instance's admin token)")
            } catch {
                throw PipelineError(.infrastructure, "environment \(name): \(error)")
            }
            instances.append(GatewayInstance(name: url, control: control, dataURL: status.dataURL))
        }
        return EnvironmentHandle(name: name, plan: environment, instances: instances, isEmbedded: false, syntheticKeys: [])
    }

    func stopAll() async {
        for gateway in embedded { await gateway.stop() }
        embedded.removeAll()
        started.removeAll()
    }

    private static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt64, radix: 36) }.joined()
    }
}
