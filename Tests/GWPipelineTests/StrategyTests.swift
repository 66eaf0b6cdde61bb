import Foundation
import GWPipeline
import GWStateStore
import Testing

extension TrafficRuns {
    /// Blue-green and flag rollouts on small programs under synthetic load: each one succeeding, and
    /// each one failing with everything put back.
    @Suite struct StrategyTests {
        // MARK: Blue-green

        /// A gateway whose mock's latency tells two revisions apart; `PIPELINE` is replaced per test.
        static func blueGreenProgram(latency: String, pipeline: String) -> String {
            """
            gateway "bg"

            provider primary {
              kind    = mock
              latency = \(latency)
              errors  = 0%
            }

            route chat {
              match POST "/v1/chat/completions"
              limit 100000 requests / 1m by key
              timeout 30s
              else -> primary
            }

            environment production {
              listen = "127.0.0.1:9280"
              admin  = embedded
            }

            \(pipeline)
            """
        }

        static func blueGreenPipeline(verify: String) -> String {
            """
            pipeline release {
              stage production {
                blue_green production {
                  traffic = synthetic 20 rps
                  verify "\(verify)"
                  keep_previous 10s
                  analyze every 2s {
                    gate error_rate < 1%
                  }
                  on inconclusive continue
                }
              }
            }
            """
        }

        static let verifyPasses = """
            suite: green smoke
            cases:
              - name: green answers a chat completion
                request:
                  method: POST
                  path: /v1/chat/completions
                  json: { model: gpt-4o-mini, messages: [{ role: user, content: hi }] }
                expect:
                  status: 200
                  upstream: primary
            """

        static let verifyFails = """
            suite: green smoke
            cases:
              - name: green goes to a provider it does not have
                request:
                  method: POST
                  path: /v1/chat/completions
                  json: { model: gpt-4o-mini, messages: [{ role: user, content: hi }] }
                expect:
                  status: 200
                  upstream: somewhere_else
            """

        @Test func blueGreenVerifiesGreenThenFlips() async throws {
            let harness = try PipelineHarness()
            try harness.write(Self.verifyPasses, to: "tests/verify.yaml")
            let file = try harness.write(
                Self.blueGreenProgram(
                    latency: "1ms..3ms", pipeline: Self.blueGreenPipeline(verify: "tests/verify.yaml")))
            let baseline = try harness.write(
                Self.blueGreenProgram(latency: "2ms..4ms", pipeline: ""), to: "baseline.gwpipe")
            let run = try await harness.run(file, baseline: baseline)
            #expect(run.exitCode == 0, "\(run.summary)")
            let blue = try PipelineHarness.compiledRevision(of: baseline, environment: "production").id
            let green = try PipelineHarness.compiledRevision(of: file, environment: "production").id
            let flip = try #require(run.deployments.first { $0.strategy == "blue_green" })
            #expect(flip.outcome == .promoted)
            #expect(flip.previousRevisionId == blue && flip.revisionId == green)
            #expect(run.testCases.contains { $0.name == "green answers a chat completion" && $0.passed })
            let analyses = run.gateEvaluations.filter { $0.kind == .analysis }
            #expect(!analyses.isEmpty && analyses.allSatisfy { $0.verdict != .fail && !$0.observed.isEmpty })
            #expect(run.events.contains { $0.kind == .trafficShifted && $0.weight == 100 })
            #expect(try harness.openStore().stableRevision(environment: "production")?.id == green)
        }

        @Test func blueGreenWithAFailingVerifyMovesNothing() async throws {
            let harness = try PipelineHarness()
            try harness.write(Self.verifyFails, to: "tests/verify.yaml")
            let file = try harness.write(
                Self.blueGreenProgram(
                    latency: "1ms..3ms", pipeline: Self.blueGreenPipeline(verify: "tests/verify.yaml")))
            let baseline = try harness.write(
                Self.blueGreenProgram(latency: "2ms..4ms", pipeline: ""), to: "baseline.gwpipe")
            let run = try await harness.run(file, baseline: baseline)
            #expect(run.exitCode == 1, "\(run.summary)")
            #expect(
                run.step("production.1")?.message?.contains("green goes to a provider it does not have") == true,
                "\(run.summary)")
            #expect(run.allDeployments.isEmpty, "a failed verify moved something: \(run.allDeployments)")
            #expect(!run.events.contains { $0.kind == .trafficShifted || $0.kind == .promoted })
            #expect(try harness.openStore().stableRevision(environment: "production") == nil)
        }

        // MARK: Flag rollout

        static func flagProgram(gate: String, steps: String) -> String {
            """
            gateway "flags"

            provider current {
              kind    = mock
              latency = 1ms..3ms
              errors  = 0%
            }

            provider candidate {
              kind    = mock
              latency = 1ms..3ms
              errors  = 0%
            }

            flag new_router {
              default = off
              sticky by key
            }

            route chat {
              match POST "/v1/chat/completions"
              limit 100000 requests / 1m by key
              timeout 30s
              when flag(new_router) -> candidate
              else -> current
            }

            environment production {
              listen = "127.0.0.1:9480"
              admin  = embedded
            }

            pipeline experiment {
              stage deploy {
                deploy production
              }
              stage rollout {
                flag new_router rollout on production {
                  traffic = synthetic 30 rps
            \(steps)
                  analyze every 1s {
                    gate \(gate)
                  }
                  min_requests = 3
                  on inconclusive continue
                }
              }
            }
            """
        }

        @Test func flagRolloutRaisesTheShareStepByStep() async throws {
            let harness = try PipelineHarness()
            let file = try harness.write(
                Self.flagProgram(
                    gate: "canary.error_rate <= stable.error_rate + 0.5%",
                    steps: "      step 10% for 5s\n      step 50% for 5s"))
            let run = try await harness.run(file)
            #expect(run.exitCode == 0, "\(run.summary)")
            let flags = try harness.openStore().flags(environment: "production")
            #expect(flags.map(\.flag) == ["new_router"])
            #expect(flags.first?.percent == 50)
            #expect(run.events.filter { $0.kind == .trafficShifted }.compactMap(\.weight) == [10, 50])
            #expect(
                run.step("rollout.1")?.message?.contains("flag new_router on for 50% of callers") == true,
                "\(run.summary)")
        }

        @Test func flagRolloutWithAFailingGatePutsTheShareBack() async throws {
            let harness = try PipelineHarness()
            // The mocks never fail: an error rate above 50% cannot be seen, so this gate fails every time.
            let file = try harness.write(
                Self.flagProgram(gate: "canary.error_rate > 50%", steps: "      step 50% for 10s"))
            let run = try await harness.run(file)
            #expect(run.exitCode == 1, "\(run.summary)")
            #expect(run.gateEvaluations.contains { $0.verdict == .fail && $0.expression == "canary.error_rate > 50%" })
            let flags = try harness.openStore().flags(environment: "production")
            #expect(flags.first?.percent == 0, "the share was not put back: \(flags)")
            #expect(run.step("rollout.1")?.message?.contains("flag new_router back to 0%") == true, "\(run.summary)")
            #expect(run.events.contains { $0.kind == .rolledBack && $0.weight == 0 })
        }
    }
}
