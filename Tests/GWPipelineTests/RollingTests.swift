import Foundation
import GWPipeline
import GWStateStore
import Testing

/// Rolling updates over three `gwpipe serve` instances started in this process, driven through
/// their admin APIs with a token.
@Suite struct RollingTests {
    static func fleetProgram(latency: String, admin: String, health: String) -> String {
        Programs.fleet(latency: latency, admin: admin, stage: """
                rolling fleet {
                  batch 1
                  pause 1s
                  health "\(health)"
                }
            """)
    }

    static let token = "fleet-admin-token-for-tests"

    /// Three instances serving the first revision, and the program's new revision.
    private func startFleet(
        _ harness: PipelineHarness, health: String = "/readyz"
    ) async throws
        -> (fleet: Fleet, file: String, old: String, new: String)
    {
        let variables = PipelineHarness.baseEnvironment().merging(["GWPIPE_TEST_ADMIN_TOKEN": Self.token]) { $1 }
        let placeholder = "[\"http://127.0.0.1:1\"]"
        let oldFile = try harness.write(
            Self.fleetProgram(latency: "2ms..4ms", admin: placeholder, health: health), to: "old.gwpipe")
        let old = try PipelineHarness.compiledRevision(of: oldFile, environment: "fleet", variables: variables)
        let fleet = try await Fleet.start(count: 3, token: Self.token, serving: old)
        let file = try harness.write(Self.fleetProgram(latency: "1ms..3ms", admin: fleet.adminList, health: health))
        let new = try PipelineHarness.compiledRevision(of: file, environment: "fleet", variables: variables).id
        return (fleet, file, old.id, new)
    }

    @Test func rollingMovesEveryInstanceOneByOne() async throws {
        let harness = try PipelineHarness()
        let (fleet, file, old, new) = try await startFleet(harness)
        defer { Task { await fleet.stop() } }
        #expect(old != new)
        let run = try await harness.run(
            file, options: harness.options(environment: ["GWPIPE_TEST_ADMIN_TOKEN": Self.token]))
        #expect(run.exitCode == 0, "\(run.summary)")
        #expect(try await fleet.stableRevisions() == [new, new, new])
        let deployment = try #require(run.deployments.first { $0.strategy == "rolling" })
        #expect(deployment.outcome == .promoted && deployment.previousRevisionId == old)
        // One batch per instance, each announced with its share of the fleet.
        let shares = run.events.filter { $0.kind == .trafficShifted }.compactMap(\.weight).map { Int($0.rounded()) }
        #expect(shares == [33, 67, 100])
    }

    @Test func rollingRestoresUpdatedInstancesWhenOneFailsItsHealthCheck() async throws {
        let harness = try PipelineHarness()
        let (fleet, file, old, new) = try await startFleet(harness)
        defer { Task { await fleet.stop() } }
        // The third instance's data listener goes away: its admin API still answers, its health check cannot.
        try await fleet.instances[2].gateway.stop()
        let run = try await harness.run(
            file, options: harness.options(environment: ["GWPIPE_TEST_ADMIN_TOKEN": Self.token]))
        #expect(run.exitCode == 1, "\(run.summary)")
        #expect(
            try await fleet.stableRevisions() == [old, old, old], "updated instances were not restored (new is \(new))")
        let deployment = try #require(run.deployments.first { $0.strategy == "rolling" })
        #expect(deployment.outcome == .rolledBack)
        #expect(
            deployment.message?.contains("3 of 3 updated instance(s) restored") == true, "\(deployment.message ?? "")")
        #expect(run.step("fleet.1")?.message?.contains("health check") == true, "\(run.summary)")
    }
}
