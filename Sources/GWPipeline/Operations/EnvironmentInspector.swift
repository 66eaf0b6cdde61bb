import Foundation
import GWPlan
import GWProxy
import GWStateStore

/// `gwpipe status`: compares, per environment, the file's revision with what the state store
/// recorded and what remote instances serve, and says where they differ.
public struct EnvironmentInspector: Sendable {
    public var plan: Plan?
    public var store: StateStore?
    public var environmentVariables: [String: String]

    public init(plan: Plan?, store: StateStore?, environmentVariables: [String: String]) {
        self.plan = plan
        self.store = store
        self.environmentVariables = environmentVariables
    }

    public func inspect(only: String? = nil) async throws -> [EnvironmentStatus] {
        var names = Set(plan?.environments.keys.map { $0 } ?? [])
        if let store { names.formUnion(try store.environments()) }
        if let only {
            guard names.contains(only) else {
                throw PipelineError(.configuration, "no environment '\(only)' in the file or the state store (known: \(names.sorted().joined(separator: ", ")))")
            }
            names = [only]
        }
        var reports: [EnvironmentStatus] = []
        for name in names.sorted() {
            reports.append(try await inspect(name))
        }
        return reports
    }

    private func inspect(_ name: String) async throws -> EnvironmentStatus {
        let environment = plan?.environments[name]
        let recorded = try store?.stableRevision(environment: name)?.id
        let last = try store?.deployments(environment: name, limit: 1).first
        var instances: [EnvironmentStatus.Instance] = []
        let token = environment?.adminTokenValue(in: environmentVariables) ?? environmentVariables["GWPIPE_ADMIN_TOKEN"]
        for url in environment?.adminURLs ?? [] {
            do {
                let status = try await RemoteGatewayControl(baseURL: url, token: token, timeout: .seconds(5)).status()
                instances.append(
                    .init(name: url, stable: status.stable, canary: status.canary, canaryWeight: status.canaryWeight,
                          flagRollouts: status.flagRollouts, error: nil))
            } catch {
                instances.append(.init(name: url, stable: nil, canary: nil, canaryWeight: 0, flagRollouts: [:], error: "\(error)"))
            }
        }
        var drift: [String] = []
        let embedded = environment.map { $0.adminURLs.isEmpty } ?? true
        if let file = environment?.revisionId {
            if embedded {
                if recorded == nil {
                    drift.append("nothing deployed yet; the file's revision is \(Short.id(file))")
                } else if recorded != file {
                    drift.append("the file's revision \(Short.id(file)) is not deployed (deployed: \(Short.id(recorded ?? "")))")
                }
            }
            for instance in instances {
                if let error = instance.error {
                    drift.append("\(instance.name) cannot be asked: \(error)")
                } else if instance.stable != file {
                    drift.append("\(instance.name) serves \(instance.stable.map(Short.id) ?? "nothing"), the file says \(Short.id(file))")
                }
                if let canary = instance.canary {
                    drift.append("\(instance.name) has canary \(Short.id(canary)) at \(RolloutDecision.percent(instance.canaryWeight))")
                }
            }
        }
        if let recorded, !embedded, let first = instances.first(where: { $0.error == nil }), first.stable != recorded {
            drift.append("the state store recorded \(Short.id(recorded)) as stable; \(first.name) serves \(first.stable.map(Short.id) ?? "nothing")")
        }
        return EnvironmentStatus(
            environment: name, embedded: embedded, fileRevision: environment?.revisionId, recordedStable: recorded,
            lastDeployment: last, instances: instances, drift: drift)
    }
}
