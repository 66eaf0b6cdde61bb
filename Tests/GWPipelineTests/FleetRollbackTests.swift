import Foundation
import GWPipeline
import GWStateStore
import Testing

extension TrafficRuns {
    /// Rollbacks across a fleet of `gwpipe serve` instances, some of them behind a `FaultProxy` that
    /// refuses or never answers chosen admin calls: the record says which instance is not back, the
    /// others are put back at once, and a promote that fails part-way is undone where it happened.
    @Suite struct FleetRollbackTests {
        static let token = "fleet-rollback-token-for-tests"

        static func program(latency: String, admin: String, canary: String) -> String {
            Programs.fleet(latency: latency, admin: admin, stage: """
                    canary fleet {
                \(canary)
                    }
                """)
        }

        struct Setup {
            var harness: PipelineHarness
            var fleet: Fleet
            var proxies: [FaultProxy]
            var file: String
            var old: String
            var new: String

            func stop() async {
                for proxy in proxies { proxy.stop() }
                await fleet.stop()
            }

            func run(rollbackTimeout: Double = 30) async throws -> RunResult {
                var options = harness.options(environment: ["GWPIPE_TEST_ADMIN_TOKEN": FleetRollbackTests.token])
                options.rollbackTimeoutSeconds = rollbackTimeout
                return try await harness.run(file, options: options)
            }
        }

        /// `count` instances serving the first revision, each behind a proxy, and a program whose
        /// canary (`canary` is its body) brings a second revision to them.
        private func start(count: Int, latency: String = "1ms..3ms", canary: String) async throws -> Setup {
            let harness = try PipelineHarness()
            let variables = PipelineHarness.baseEnvironment().merging(["GWPIPE_TEST_ADMIN_TOKEN": Self.token]) { $1 }
            let placeholder = "[\"http://127.0.0.1:1\"]"
            let oldFile = try harness.write(
                Self.program(latency: "7ms..9ms", admin: placeholder, canary: canary), to: "old.gwpipe")
            let old = try PipelineHarness.compiledRevision(of: oldFile, environment: "fleet", variables: variables)
            let fleet = try await Fleet.start(count: count, token: Self.token, serving: old)
            let proxies = try fleet.instances.map { try FaultProxy(backend: $0.adminURL) }
            let admin = "[" + proxies.map { "\"\($0.url)\"" }.joined(separator: ", ") + "]"
            let file = try harness.write(Self.program(latency: latency, admin: admin, canary: canary))
            let new = try PipelineHarness.compiledRevision(of: file, environment: "fleet", variables: variables).id
            return Setup(harness: harness, fleet: fleet, proxies: proxies, file: file, old: old.id, new: new)
        }

        /// Gates that fail as soon as either side has a request (the mock never errs).
        static let failingCanary = """
              traffic = synthetic 20 rps
              step 50% for 30s
              analyze every 1s {
                gate canary.error_rate > 50%
                gate stable.error_rate > 50%
              }
              min_requests = 1
              on inconclusive continue
            """

        @Test func anInstanceThatRefusesOrHangsIsRecordedAsNotRolledBack() async throws {
            let setup = try await start(count: 3, canary: Self.failingCanary)
            defer { Task { await setup.stop() } }
            setup.proxies[0].set(.hang, on: "POST /admin/rollback")
            setup.proxies[1].set(.refuse(status: 500, message: "refusing rollbacks today"), on: "POST /admin/rollback")
            let run = try await setup.run(rollbackTimeout: 1)

            #expect(run.exitCode == 3, "\(run.summary)")
            let canary = try #require(run.deployments.first { $0.strategy == "canary" })
            #expect(canary.outcome == .rollbackFailed, "\(canary)")
            let message = canary.message ?? ""
            #expect(message.contains(setup.proxies[0].url) && message.contains("no answer within 1s"), "\(message)")
            #expect(message.contains(setup.proxies[1].url) && message.contains("refusing rollbacks today"), "\(message)")
            #expect(!message.contains("all traffic back"), "\(message)")
            #expect(run.step("fleet.1")?.message?.contains("rollback failed on") == true, "\(run.summary)")
            // The third instance is back, and it was not kept waiting by the one that hangs.
            #expect(try await setup.fleet.instances[2].control.status().canary == nil)
            #expect(try await setup.fleet.instances[1].control.status().canary == setup.new, "the refusing instance is not back")
            let hung = try #require(setup.proxies[0].arrivals(of: "POST /admin/rollback").first)
            let fine = try #require(setup.proxies[2].arrivals(of: "POST /admin/rollback").first)
            #expect(abs(fine.at.timeIntervalSince(hung.at)) < 0.5, "rollbacks went one after another: \(fine.at) vs \(hung.at)")
        }

        /// The `rollback` step of `on failure` records a rollback the fleet refused as
        /// `rollback_failed`, as `gwpipe rollback` does, not as an ordinary failed deploy.
        @Test func aRollbackStepTheFleetRefusesIsRecordedAsRollbackFailed() async throws {
            // The stage deploys the new revision, then fails; `on failure` rolls the fleet back.
            let stage = "    deploy fleet\n    run \"exit 1\"\n  }\n  on failure {\n    rollback fleet"
            let setup = try await start(count: 2, canary: "  step 50% for 1s")
            defer { Task { await setup.stop() } }
            let admin = "[" + setup.proxies.map { "\"\($0.url)\"" }.joined(separator: ", ") + "]"
            try setup.harness.write(Programs.fleet(latency: "1ms..3ms", admin: admin, stage: stage))
            // The deploy goes through; the rollback after it is refused by the second instance.
            setup.proxies[1].set(.refuse(status: 500, message: "refusing deploys now"), on: "POST /admin/deploy", passing: 1)
            let run = try await setup.run(rollbackTimeout: 2)
            #expect(run.exitCode != 0, "\(run.summary)")
            let rollback = try #require(run.deployments.first { $0.strategy == "rollback" }, "\(run.summary)")
            #expect(rollback.outcome == .rollbackFailed, "\(rollback)")
            #expect(rollback.message?.contains("refusing deploys now") == true, "\(rollback.message ?? "")")
        }

        @Test func aPromoteThatFailsPartWayIsUndoneWhereItHappened() async throws {
            let setup = try await start(count: 3, canary: "  step 50% for 1s")
            defer { Task { await setup.stop() } }
            setup.proxies[1].set(.refuse(status: 500, message: "cannot promote now"), on: "POST /admin/promote")
            let run = try await setup.run()

            #expect(run.exitCode == 3, "\(run.summary)")
            #expect(setup.proxies[0].arrivals(of: "POST /admin/promote").count == 1, "the first instance was never promoted")
            #expect(try await setup.fleet.stableRevisions() == [setup.old, setup.old, setup.old], "new is \(setup.new)")
            for instance in setup.fleet.instances {
                #expect(try await instance.control.status().canary == nil)
            }
            let canary = try #require(run.deployments.first { $0.strategy == "canary" })
            #expect(canary.outcome == .rolledBack, "\(canary)")
            #expect(canary.message?.contains("cannot promote now") == true, "\(canary)")
            #expect(try setup.harness.openStore().stableRevision(environment: "fleet")?.id != setup.new)
        }

        @Test func thePromotionIsRecordedWhenItHappensNotAfterTheLoadDrains() async throws {
            // Slow answers: stopping the synthetic load waits for a few hundred milliseconds of requests.
            let setup = try await start(
                count: 2, latency: "400ms..500ms", canary: "  traffic = synthetic 40 rps\n  step 50% for 3s")
            defer { Task { await setup.stop() } }
            let run = try await setup.run()

            #expect(run.exitCode == 0, "\(run.summary)")
            let canary = try #require(run.deployments.first { $0.strategy == "canary" })
            #expect(canary.outcome == .promoted)
            let promotes = setup.proxies.compactMap { proxy in proxy.arrivals(of: "POST /admin/promote").last.map(\.at) }
            let promotedAt = try #require(promotes.max())
            let recordedAt = try #require(canary.finishedAt)
            #expect(recordedAt.timeIntervalSince(promotedAt) < 0.25, "recorded \(recordedAt.timeIntervalSince(promotedAt))s after the promote")
            // The load did take a while to drain after that (else this test could not tell).
            let stepEnd = try #require(run.step("fleet.1")?.finishedAt)
            #expect(stepEnd.timeIntervalSince(recordedAt) > 0.25, "the load drained in \(stepEnd.timeIntervalSince(recordedAt))s")
        }
    }
}
