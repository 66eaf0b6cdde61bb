import ArgumentParser
import Foundation
import GWStateStore
import Testing

@testable import GWCLI

/// `gwpipe history` and `gwpipe stats` on real state stores in temporary folders: a missing store,
/// a file that is not one, interrupted runs, and the text of a known history against goldens in
/// `Tests/Fixtures/history/` (`GWPIPE_UPDATE_GOLDEN=1 swift test --filter HistoryStatsCommandTests`
/// rewrites them).
@Suite struct HistoryStatsCommandTests {
    private static let goldenDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/history")
    private static let updateGoldens = ProcessInfo.processInfo.environment["GWPIPE_UPDATE_GOLDEN"] == "1"

    /// 2024-05-01 00:00:00 UTC.
    private static let start = Date(timeIntervalSince1970: 1_714_521_600)
    private static func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    private func temporaryPath(_ name: String = "state.db") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gwpipe-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    private func expectGolden(_ text: String, _ name: String) throws {
        let url = Self.goldenDirectory.appendingPathComponent(name)
        if Self.updateGoldens {
            try FileManager.default.createDirectory(at: Self.goldenDirectory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(
            text == expected, "output differs from \(url.path); rerun with GWPIPE_UPDATE_GOLDEN=1 and review:\n\(text)")
    }

    /// Two finished runs of `release` (one promoted canary, one rolled back by a gate) and a
    /// blue-green deploy of `hotfix` to staging, with steps, test cases and gate evaluations.
    private func knownHistory() throws -> String {
        let path = try temporaryPath()
        let store = try StateStore.open(path: path)
        let host = StateStore.localHost
        try store.recordRevision(
            RevisionRecord(
                id: "sha256:1111aaaa2222bbbb3333cccc", environment: "production", sourceFile: "gateway.gwpipe",
                gitCommit: "1111111aaaaaaa", gitAuthor: "alice", gitMessage: "route small models to openai",
                gitCommittedAt: Self.at(-7_200), recordedAt: Self.at(0), canonicalJSON: Data("{}".utf8)))
        try store.recordRevision(
            RevisionRecord(
                id: "sha256:2222bbbb3333cccc4444dddd", environment: "production", sourceFile: "gateway.gwpipe",
                gitCommit: "2222222bbbbbbb", gitAuthor: "bob", gitMessage: "raise the retry budget",
                gitCommittedAt: Self.at(82_800), recordedAt: Self.at(86_400), canonicalJSON: Data("{}".utf8)))

        let first = try store.startRun(
            RunRecord(
                pipeline: "release", file: "gateway.gwpipe", startedAt: Self.at(0), gitCommit: "1111111aaaaaaa",
                gitBranch: "main", actor: "alice@laptop", pid: getpid(), host: host))
        let steps: [(String, String, String, String, Double, Double)] = [
            ("validate", "validate", "stage", "stage validate", 1, 5.5),
            ("validate.1", "validate", "check", "check gateway.gwpipe", 1, 1.25),
            ("validate.2", "validate", "test", "test tests/contract.yaml with mocks", 1.25, 5.5),
            ("production", "production", "stage", "stage production", 10, 150),
            ("production.1", "production", "canary", "canary production", 10, 150),
        ]
        for (id, stage, kind, title, from, to) in steps {
            try store.recordStep(
                StepRecord(
                    runId: first.id, stepId: id, stage: stage, kind: kind, title: title,
                    location: "gateway.gwpipe:20:5",
                    startedAt: Self.at(from), finishedAt: Self.at(to), status: .passed))
        }
        for name in ["small model goes to openai", "unknown key is refused"] {
            try store.recordTestCase(
                TestCaseRecord(
                    runId: first.id, stepId: "validate.2", suite: "chat contract", name: name, passed: true,
                    message: nil,
                    location: "tests/contract.yaml:3:5", durationMs: 12))
        }
        try store.recordGateEvaluation(
            GateEvaluationRecord(
                runId: first.id, stepId: "production.1", environment: "production", at: Self.at(70), kind: .analysis,
                expression: "canary.error_rate <= stable.error_rate + 0.5%", location: "gateway.gwpipe:31:9",
                verdict: .pass,
                observed: ["canary.error_rate": 0.25, "stable.error_rate": 0.5, "canary.requests": 480], weight: 10,
                windowSeconds: 60))
        let promoted = try store.startDeployment(
            DeploymentRecord(
                runId: first.id, environment: "production", revisionId: "sha256:1111aaaa2222bbbb3333cccc",
                previousRevisionId: nil, strategy: "canary", startedAt: Self.at(10)))
        try store.finishDeployment(id: promoted.id, outcome: .promoted, message: "promoted at 100%", at: Self.at(150))
        try store.finishRun(id: first.id, status: .succeeded, exitCode: 0, message: nil, at: Self.at(150))

        let second = try store.startRun(
            RunRecord(
                pipeline: "release", file: "gateway.gwpipe", startedAt: Self.at(86_400), gitCommit: "2222222bbbbbbb",
                gitBranch: "main", actor: "bob@ci", pid: getpid(), host: host))
        try store.recordStep(
            StepRecord(
                runId: second.id, stepId: "production.1", stage: "production", kind: "canary",
                title: "canary production",
                location: "gateway.gwpipe:28:5", startedAt: Self.at(86_410), finishedAt: Self.at(86_475),
                status: .failed,
                message: "gate failed: canary.error_rate 4.5% > 0.75%"))
        try store.recordTestCase(
            TestCaseRecord(
                runId: second.id, stepId: "validate.2", suite: "chat contract", name: "unknown key is refused",
                passed: false, message: "expected status 401, got 200\nexpected no upstream, got openai",
                location: "tests/contract.yaml:14:5", durationMs: 3))
        try store.recordGateEvaluation(
            GateEvaluationRecord(
                runId: second.id, stepId: "production.1", environment: "production", at: Self.at(86_470),
                kind: .analysis,
                expression: "canary.error_rate <= stable.error_rate + 0.5%", location: "gateway.gwpipe:31:9",
                verdict: .fail,
                observed: ["canary.error_rate": 4.5, "stable.error_rate": 0.25, "canary.requests": 200], weight: 25,
                windowSeconds: 60))
        let rolledBack = try store.startDeployment(
            DeploymentRecord(
                runId: second.id, environment: "production", revisionId: "sha256:2222bbbb3333cccc4444dddd",
                previousRevisionId: "sha256:1111aaaa2222bbbb3333cccc", strategy: "canary", startedAt: Self.at(86_410)))
        try store.finishDeployment(
            id: rolledBack.id, outcome: .rolledBack, message: "gate failed: canary.error_rate 4.5% > 0.75%",
            at: Self.at(86_475))
        try store.finishRun(
            id: second.id, status: .failed, exitCode: 1, message: "stage production failed: gate failed",
            at: Self.at(86_480))

        let hotfix = try store.startRun(
            RunRecord(
                pipeline: "hotfix", file: "gateway.gwpipe", startedAt: Self.at(90_000), gitCommit: "2222222bbbbbbb",
                gitBranch: "fix/retries", actor: "bob@ci", pid: getpid(), host: host))
        let staging = try store.startDeployment(
            DeploymentRecord(
                runId: hotfix.id, environment: "staging", revisionId: "sha256:2222bbbb3333cccc4444dddd",
                previousRevisionId: nil, strategy: "blue_green", startedAt: Self.at(90_010)))
        try store.finishDeployment(id: staging.id, outcome: .promoted, message: nil, at: Self.at(90_040))
        try store.finishRun(id: hotfix.id, status: .succeeded, exitCode: 0, message: nil, at: Self.at(90_041))
        try store.close()
        return path
    }

    // MARK: - Missing and unreadable stores

    @Test func aMissingStoreIsNotAnErrorAndIsNotCreated() throws {
        let path = try temporaryPath()
        let history = HistoryAction(statePath: path).run()
        #expect(history.exitCode == 0)
        #expect(history.standardOutput == "no runs recorded yet (\(path) does not exist)\n")
        let stats = StatsAction(statePath: path).run()
        #expect(stats.exitCode == 0)
        #expect(stats.standardOutput == "no runs recorded yet (\(path) does not exist)\n")
        let json = HistoryAction(statePath: path, format: .json).run()
        #expect(json.exitCode == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        #expect((object?["runs"] as? [Any])?.isEmpty == true)
        #expect(json.standardError.contains("does not exist"))
        #expect(!FileManager.default.fileExists(atPath: path), "reading history must not create a store")
    }

    @Test func aFileThatIsNotAStoreIsExitTwoWithItsPath() throws {
        let path = try temporaryPath("state.db")
        try Data(String(repeating: "not sqlite at all ", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        for result in [
            HistoryAction(statePath: path).run(), StatsAction(statePath: path).run(),
            HistoryAction(runId: 1, statePath: path).run(),
        ] {
            #expect(result.exitCode == 2)
            #expect(
                result.standardError.hasPrefix("\(path): error: not a gwpipe state store"), "\(result.standardError)")
            #expect(result.standardOutput.isEmpty)
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let onDirectory = HistoryAction(statePath: directory).run()
        #expect(onDirectory.exitCode == 2)
        #expect(onDirectory.standardError.contains("is a directory"))
    }

    // MARK: - History

    @Test func historyListsRunsNewestFirst() throws {
        let path = try knownHistory()
        let result = HistoryAction(statePath: path).run()
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty)
        try expectGolden(result.standardOutput, "runs.txt")
        let release = HistoryAction(pipeline: "release", statePath: path).run()
        #expect(!release.standardOutput.contains("hotfix"))
        #expect(release.standardOutput.contains("Runs of pipeline release, newest first:"))
        let one = HistoryAction(limit: 1, statePath: path).run()
        #expect(one.standardOutput.split(separator: "\n").count == 3, "a heading, the column names and one run")
    }

    @Test func historyOfAnEnvironmentShowsItsDeployments() throws {
        let path = try knownHistory()
        let result = HistoryAction(environment: "production", statePath: path).run()
        #expect(result.exitCode == 0, "\(result.standardError)")
        try expectGolden(result.standardOutput, "environment.txt")
        #expect(result.standardOutput.contains("Stable revision of production: 1111aaaa2222 (commit 1111111)"))
        #expect(!result.standardOutput.contains("hotfix"), "the hotfix run deployed to staging only")
    }

    @Test func historyOfOneRunShowsStepsGatesAndDeployments() throws {
        let path = try knownHistory()
        let first = HistoryAction(runId: 1, statePath: path).run()
        #expect(first.exitCode == 0, "\(first.standardError)")
        try expectGolden(first.standardOutput, "run-1.txt")
        let second = HistoryAction(runId: 2, statePath: path).run()
        try expectGolden(second.standardOutput, "run-2.txt")
        #expect(second.standardOutput.contains("tests/contract.yaml:14:5: chat contract / unknown key is refused"))
        #expect(second.standardOutput.contains("canary.error_rate=4.5 canary.requests=200 stable.error_rate=0.25"))

        let missing = HistoryAction(runId: 9, statePath: path).run()
        #expect(missing.exitCode == 2)
        #expect(missing.standardError == "\(path): error: no run 9 in the state store (the latest is run 3)\n")
    }

    @Test func historyJSONHoldsTheRecords() throws {
        let path = try knownHistory()
        let listing = HistoryAction(environment: "production", statePath: path, format: .json).run()
        #expect(listing.exitCode == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(listing.standardOutput.utf8)) as? [String: Any])
        #expect((object["runs"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [2, 1])
        #expect(
            (object["deployments"] as? [[String: Any]])?.compactMap { $0["outcome"] as? String } == [
                "rolled_back", "promoted",
            ])
        #expect(object["stableRevision"] as? String == "sha256:1111aaaa2222bbbb3333cccc")

        let detail = HistoryAction(runId: 1, statePath: path, format: .json).run()
        let run = try #require(
            try JSONSerialization.jsonObject(with: Data(detail.standardOutput.utf8)) as? [String: Any])
        #expect((run["steps"] as? [Any])?.count == 5)
        #expect((run["run"] as? [String: Any])?["startedAt"] as? String == "2024-05-01T00:00:00Z")
    }

    @Test func aKilledRunShowsAsInterrupted() throws {
        let path = try temporaryPath()
        let store = try StateStore.open(path: path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        let run = try store.startRun(
            RunRecord(
                pipeline: "release", file: "gateway.gwpipe", startedAt: Self.at(0), actor: "alice@laptop",
                pid: process.processIdentifier, host: StateStore.localHost))
        try store.recordStep(
            StepRecord(
                runId: run.id, stepId: "production.1", stage: "production", kind: "canary", title: "canary production",
                location: "gateway.gwpipe:28:5", startedAt: Self.at(5)))
        try store.close()

        let result = HistoryAction(runId: run.id, statePath: path, now: Self.at(60)).run()
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("Run 1 of release (gateway.gwpipe): interrupted"))
        #expect(result.standardOutput.contains("process \(process.processIdentifier)"))
        #expect(result.standardOutput.contains("cancelled"))
        #expect(result.standardOutput.contains("interrupted"))
        #expect(!result.standardOutput.contains(" running "))
    }

    // MARK: - Stats

    @Test func statsInWordsWithCounts() throws {
        let path = try knownHistory()
        let now = Self.at(10 * 86_400)
        let production = StatsAction(environment: "production", statePath: path, now: now).run()
        #expect(production.exitCode == 0, "\(production.standardError)")
        try expectGolden(production.standardOutput, "stats-production.txt")
        let all = StatsAction(since: "30d", statePath: path, now: now).run()
        try expectGolden(all.standardOutput, "stats-all-30d.txt")
        let json = StatsAction(environment: "production", statePath: path, format: .json, now: now).run()
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["changeFailureRate"] as? Double == 0.5)
        #expect(object["leadTimeMedianSeconds"] as? Double == 7_350)
        #expect(object["finishedDeployments"] as? Int == 2)
    }

    @Test func statsRefusesASinceItDoesNotUnderstand() throws {
        let result = StatsAction(since: "last tuesday", statePath: try temporaryPath()).run()
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("--since takes a span back from now such as 30d"))
        #expect(result.standardError.contains("got 'last tuesday'"))
        let now = Self.at(0)
        #expect(StatsAction.parseSince("30d", now: now) == Self.at(-30 * 86_400))
        #expect(StatsAction.parseSince("12h", now: now) == Self.at(-12 * 3_600))
        #expect(StatsAction.parseSince("2w", now: now) == Self.at(-14 * 86_400))
        #expect(StatsAction.parseSince("2024-04-01", now: now) == Date(timeIntervalSince1970: 1_711_929_600))
        #expect(StatsAction.parseSince("2024-04-01T12:00:00Z", now: now) == Date(timeIntervalSince1970: 1_711_972_800))
        #expect(StatsAction.parseSince("-3d", now: now) == nil)
        #expect(StatsAction.parseSince("d", now: now) == nil)
    }

    // MARK: - Command line

    @Test func theCommandsAreRegisteredAndValidateTheirOptions() throws {
        let history = try GWPipeCommand.parseAsRoot(["history", "3", "--env", "production", "--format", "json"])
        let parsed = try #require(history as? HistoryCommand)
        #expect(parsed.runId == 3)
        #expect(parsed.env == "production")
        #expect(parsed.format == .json)
        let zero = HistoryAction(limit: 0, statePath: try temporaryPath()).run()
        #expect(zero.exitCode == 2)
        #expect(zero.standardError == "error: --limit takes a positive number of runs, got 0\n")
        #expect(throws: (any Error).self) { try GWPipeCommand.parseAsRoot(["history", "--format", "yaml"]) }
        let stats = try #require(
            try GWPipeCommand.parseAsRoot(["stats", "--since", "30d", "--state", "x.db"]) as? StatsCommand)
        #expect(stats.since == "30d")
        #expect(stats.state == "x.db")
    }
}
