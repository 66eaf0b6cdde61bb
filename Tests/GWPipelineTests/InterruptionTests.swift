import Foundation
import GWPipeline
import GWStateStore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A run that is cancelled (Ctrl-C) or killed outright (SIGKILL) mid-canary: traffic goes back to
/// stable when it can, and the state store stays readable and says what happened either way.
extension TrafficRuns {
    @Suite struct InterruptionTests {
        /// A canary that takes a while, on a baseline, so its deployment stays in progress.
        static func program(stepDuration: String) -> String {
            Programs.gateway(
                pipeline: """
                    pipeline release {
                      stage production {
                        canary staging {
                          traffic = synthetic 5 rps
                          step 10% for \(stepDuration)
                          step 50% for \(stepDuration)
                          on inconclusive continue
                        }
                      }
                    }
                    """)
        }

        private func prepare(stepDuration: String) throws -> (PipelineHarness, file: String, baseline: String) {
            let harness = try PipelineHarness()
            try harness.copyQuickstartSupport()
            let file = try harness.write(Self.program(stepDuration: stepDuration))
            let baseline = try harness.write(Programs.gateway(latency: "2ms..4ms", pipeline: ""), to: "baseline.gwpipe")
            return (harness, file, baseline)
        }

        @Test func cancellingARunRollsTheCanaryBack() async throws {
            let (harness, file, baseline) = try prepare(stepDuration: "5m")
            let task = Task { try await harness.run(file, baseline: baseline) }
            // Cancel once the canary is at its first step (its traffic shift is in the events file).
            let atStep = await Eventually.wait(timeout: 60) {
                harness.contents(harness.eventsPath).contains("\"kind\":\"traffic.shifted\"")
            }
            #expect(atStep, "the canary never reached its first step")
            task.cancel()
            let run = try await task.value
            #expect(run.exitCode == 130, "\(run.summary)")
            #expect(run.outcome.status == .cancelled)
            let canary = try #require(run.deployments.first { $0.strategy == "canary" })
            #expect(canary.outcome == .rolledBack, "\(canary)")
            #expect(run.step("production.1")?.status == .cancelled)
            #expect(run.detail?.run.status == .cancelled)
        }

        /// The `gwpipe` executable SwiftPM built beside the test bundle.
        static let executable: URL? = {
            var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("gwpipe")
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
                    !isDirectory.boolValue,
                    FileManager.default.isExecutableFile(atPath: candidate.path)
                {
                    return candidate
                }
                directory = directory.deletingLastPathComponent()
            }
            return nil
        }()

        @Test func aRunKilledMidCanaryIsRecordedAsInterrupted() async throws {
            let executable = try #require(
                Self.executable, "the gwpipe executable was not found next to \(CommandLine.arguments[0])")
            let (harness, file, baseline) = try prepare(stepDuration: "5m")
            // The store exists before the run starts, so polling it never races the run's first migration.
            try harness.openStore().close()
            let process = Process()
            process.executableURL = executable
            process.arguments = [
                "run", file, "--baseline", baseline, "--time-scale", "1", "--ephemeral-ports", "--state",
                harness.statePath,
                "--output", "plain",
            ]
            process.environment = PipelineHarness.baseEnvironment()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer { if process.isRunning { process.terminate() } }

            let inProgress = try await Eventually.wait(timeout: 60) {
                guard FileManager.default.fileExists(atPath: harness.statePath) else { return false }
                return try harness.openStore().deployments().contains {
                    $0.strategy == "canary" && $0.outcome == .inProgress
                }
            }
            #expect(inProgress, "the canary deployment never showed as in progress")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)

            let store = try harness.openStore()
            let run = try #require(try store.runs().first)
            #expect(run.status == .running, "before anyone looks, the run still reads as running")
            let marked = try store.markInterruptedRuns()
            #expect(marked == [run.id])
            let detail = try #require(try store.detail(runId: run.id))
            #expect(detail.run.status == .interrupted)
            let canary = try #require(detail.deployments.first { $0.strategy == "canary" })
            #expect(canary.outcome == .interrupted)
            #expect(detail.steps.allSatisfy { $0.status != .running })
            // Everything the killed writer left reads back, and marking again changes nothing.
            #expect(try store.markInterruptedRuns().isEmpty)
            #expect(try store.stableRevision(environment: "staging") == nil)
            #expect(!detail.audit.isEmpty)
        }
    }
}
