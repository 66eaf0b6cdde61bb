import Foundation
import GWPipeline
import GWPlan
import GWStateStore
import Testing

extension TrafficRuns {
    /// `gwpipe rollback ENV` against a fleet of `gwpipe serve` instances (each behind a
    /// `FaultProxy`): every instance is put back at once, an instance that hangs is reported by name
    /// without holding up the others, and the store records the rollback as failed when one is not back.
    @Suite struct EnvironmentRollbackTests {
        static let token = "environment-rollback-token-for-tests"

        struct Setup {
            var harness: PipelineHarness
            var fleet: Fleet
            var proxies: [FaultProxy]
            var file: String
            var old: String
            var new: String
            var variables: [String: String]

            func rollback(timeoutSeconds: Double) async throws -> String {
                let plan = try PipelineHarness.compiledPlan(of: file, variables: variables)
                return try await EnvironmentRollback(
                    environment: "fleet", to: nil, plan: plan, store: try harness.openStore(), environmentVariables: variables,
                    timeoutSeconds: timeoutSeconds
                ).run()
            }

            func stop() async {
                for proxy in proxies { proxy.stop() }
                await fleet.stop()
            }
        }

        /// Three instances that served `old` and were deployed `new` by a recorded run.
        private func start() async throws -> Setup {
            let harness = try PipelineHarness()
            let variables = PipelineHarness.baseEnvironment().merging(["GWPIPE_TEST_ADMIN_TOKEN": Self.token]) { $1 }
            let stage = "    deploy fleet"
            let oldFile = try harness.write(
                Programs.fleet(latency: "7ms..9ms", admin: "[\"http://127.0.0.1:1\"]", stage: stage), to: "old.gwpipe")
            let old = try PipelineHarness.compiledRevision(of: oldFile, environment: "fleet", variables: variables)
            let fleet = try await Fleet.start(count: 3, token: Self.token, serving: old)
            let proxies = try fleet.instances.map { try FaultProxy(backend: $0.adminURL) }
            let admin = "[" + proxies.map { "\"\($0.url)\"" }.joined(separator: ", ") + "]"
            let file = try harness.write(Programs.fleet(latency: "1ms..3ms", admin: admin, stage: stage))
            let new = try PipelineHarness.compiledRevision(of: file, environment: "fleet", variables: variables).id
            let setup = Setup(harness: harness, fleet: fleet, proxies: proxies, file: file, old: old.id, new: new, variables: variables)
            // The recorded deploy makes `old` what came before `new` in the store.
            let run = try await harness.run(file, options: harness.options(environment: ["GWPIPE_TEST_ADMIN_TOKEN": Self.token]))
            #expect(run.outcome.exitCode == 0, "\(run.output)")
            #expect(try await fleet.stableRevisions() == [new, new, new])
            return setup
        }

        @Test func everyInstanceGoesBackAndTheStoreSaysSo() async throws {
            let setup = try await start()
            defer { Task { await setup.stop() } }
            let previous = try #require(try setup.harness.openStore().deployments(environment: "fleet").first?.previousRevisionId)
            #expect(previous == setup.old)
            let message = try await setup.rollback(timeoutSeconds: 10)
            #expect(message.contains("on 3 instance(s)"), "\(message)")
            #expect(try await setup.fleet.stableRevisions() == [previous, previous, previous])
            let store = try setup.harness.openStore()
            let record = try #require(try store.deployments(environment: "fleet").first)
            #expect(record.strategy == "rollback")
            #expect(record.outcome == .promoted)
            #expect(try store.stableRevision(environment: "fleet")?.id == previous)
        }

        @Test func aHangingInstanceIsNamedAndHoldsNoneOfTheOthersBack() async throws {
            let setup = try await start()
            defer { Task { await setup.stop() } }
            let previous = try #require(try setup.harness.openStore().deployments(environment: "fleet").first?.previousRevisionId)
            // The first instance in the environment's list: one at a time, the rest would wait for it.
            setup.proxies[0].set(.hang, on: "POST /admin/deploy")
            let started = Date()
            await #expect {
                _ = try await setup.rollback(timeoutSeconds: 1)
            } throws: { error in
                let text = "\(error)"
                return text.contains("rollback of fleet") && text.contains(setup.proxies[0].url) && text.contains("2 of 3 instance(s) back")
            }
            #expect(Date().timeIntervalSince(started) < 5, "each instance has its own deadline")
            let served = try await setup.fleet.stableRevisions()
            #expect(served[1] == previous && served[2] == previous, "\(served)")
            #expect(served[0] == setup.new)
            let record = try #require(try setup.harness.openStore().deployments(environment: "fleet").first)
            #expect(record.outcome == .rollbackFailed)
            #expect(record.message?.contains(setup.proxies[0].url) == true)
        }
    }
}
