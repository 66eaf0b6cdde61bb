/// One call on every given instance at once, each bounded by its own deadline, so a hung instance
/// delays none of the others. For rollbacks: the report says which instances did it and which did not.
enum FleetCall {
    static func run(
        _ instances: [GatewayInstance], timeoutSeconds: Double, action: String,
        _ call: @escaping @Sendable (GatewayInstance) async throws -> Void
    ) async -> RollbackReport {
        let failures = await withTaskGroup(of: RollbackReport.Failure?.self) { group in
            for instance in instances {
                group.addTask {
                    do {
                        try await Deadline.run(seconds: timeoutSeconds) {
                            try await instance.checked(action) { _ in try await call(instance) }
                        }
                        return nil
                    } catch let error as Deadline.Exceeded {
                        return RollbackReport.Failure(instance: instance.name, reason: "could not \(action) \(instance.name): \(error)")
                    } catch {
                        return RollbackReport.Failure(instance: instance.name, reason: "\(error)")
                    }
                }
            }
            var failures: [RollbackReport.Failure] = []
            for await failure in group { if let failure { failures.append(failure) } }
            return failures
        }
        // In the environment's order, so messages read the same from run to run.
        let order = Dictionary(instances.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        return RollbackReport(instances: instances.count, failures: failures.sorted { (order[$0.instance] ?? 0) < (order[$1.instance] ?? 0) })
    }
}
