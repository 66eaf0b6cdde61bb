import Foundation
import GWPipeline
import GWStateStore
import Testing

/// `rollback ENV` in `on failure` also undoes a flag rollout of an earlier stage, and it does so
/// after a `--resume` too: what the run moved comes back from the state store.
@Suite struct FlagRollbackTests {
    static func program(latency: String = "1ms..3ms", stages: String) -> String {
        """
        gateway "flags"

        provider current {
          kind    = mock
          latency = \(latency)
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
          listen = "127.0.0.1:9580"
          admin  = embedded
        }

        \(stages.isEmpty ? "" : "pipeline experiment {\n\(stages)\n  on failure {\n    rollback production\n  }\n}")
        """
    }

    static let deployAndFlag = """
          stage deploy {
            deploy production
          }
          stage rollout {
            flag new_router rollout on production {
              step 50% for 1s
            }
          }
        """

    @Test func rollbackPutsAFlagShareBack() async throws {
        let harness = try PipelineHarness()
        let file = try harness.write(Self.program(stages: Self.deployAndFlag + "\n  stage checks {\n    run \"exit 1\"\n  }"))
        let run = try await harness.run(file)
        #expect(run.exitCode == 1, "\(run.summary)")
        #expect(run.step("rollout.1")?.status == .passed, "\(run.summary)")
        let flags = try harness.openStore().flags(environment: "production")
        #expect(flags.first { $0.flag == "new_router" }?.percent == 0, "the share was not put back: \(flags)")
        #expect(run.step("on_failure.1")?.message?.contains("flag new_router back to 0%") == true, "\(run.summary)")
        #expect(run.events.contains { $0.kind == .rolledBack && $0.weight == 0 && $0.stepId == "on_failure.1" })
    }

    @Test func rollbackAfterAResumeKnowsWhatTheRunMovedBeforeItStopped() async throws {
        let harness = try PipelineHarness()
        let stages = Self.deployAndFlag + """

              stage release {
                approve
                run "exit 1"
              }
            """
        let file = try harness.write(Self.program(stages: stages))
        let baseline = try harness.write(Self.program(latency: "2ms..4ms", stages: ""), to: "baseline.gwpipe")
        let before = try PipelineHarness.compiledRevision(of: baseline, environment: "production").id
        let first = try await harness.run(file, baseline: baseline)
        #expect(first.outcome.status == .waitingApproval, "\(first.summary)")
        #expect(try harness.openStore().flags(environment: "production").first?.percent == 50)

        // A new process: its embedded gateway starts on what the store says, nothing in memory.
        let resumed = try await harness.run(file, options: harness.options(resume: first.outcome.runId))
        #expect(resumed.exitCode == 1, "\(resumed.summary)")
        let rollback = try #require(resumed.step("on_failure.1"))
        #expect(rollback.message?.contains("flag new_router back to 0%") == true, "\(resumed.summary)")
        #expect(rollback.message?.contains("rolled production back to") == true, "\(resumed.summary)")
        let store = try harness.openStore()
        #expect(try store.flags(environment: "production").first?.percent == 0)
        #expect(try store.stableRevision(environment: "production")?.id == before, "production is not back on its baseline")
    }
}
