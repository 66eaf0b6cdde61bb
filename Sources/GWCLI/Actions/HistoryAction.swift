import Foundation
import GWStateStore

/// `gwpipe history [RUN] [--env E] [--pipeline P] [--limit N]`: the recorded runs newest first
/// (and an environment's deployments), or everything about one run.
public struct HistoryAction: Sendable {
    public var runId: Int64?
    public var environment: String?
    public var pipeline: String?
    public var limit: Int
    /// The state store's file (see `StateStore.resolvedPath(option:environment:)`).
    public var statePath: String
    public var format: HistoryOutputFormat
    public var now: Date

    public init(
        runId: Int64? = nil, environment: String? = nil, pipeline: String? = nil, limit: Int = 20,
        statePath: String = StateStore.defaultPath, format: HistoryOutputFormat = .text, now: Date = Date()
    ) {
        self.runId = runId
        self.environment = environment
        self.pipeline = pipeline
        self.limit = limit
        self.statePath = statePath
        self.format = format
        self.now = now
    }

    /// What the JSON of a listing holds.
    struct Listing: Encodable {
        var runs: [RunRecord]
        var environment: String?
        var stableRevision: String?
        var deployments: [DeploymentRecord]?
    }

    public func run() -> CommandResult {
        var result = CommandResult()
        guard limit > 0 else {
            result.standardError = "error: --limit takes a positive number of runs, got \(limit)\n"
            result.exitCode = ExitStatus.unreadableInput
            return result
        }
        let store: StateStore
        switch HistoryStore.open(path: statePath) {
        case .opened(let opened): store = opened
        case .failed(let failed): return failed
        case .missing(let message):
            if format == .json {
                result.standardOutput = (try? HistoryText.json(Listing(runs: [], environment: environment))) ?? ""
                result.standardError = message + "\n"
            } else {
                result.standardOutput = message + "\n"
            }
            return result
        }
        HistoryStore.markInterruptedRuns(in: store, now: now, result: &result)
        do {
            if let runId {
                try showRun(runId, store: store, result: &result)
            } else {
                try listRuns(store: store, result: &result)
            }
        } catch {
            result.standardError += HistoryStore.describe(error) + "\n"
            result.exitCode = ExitStatus.unreadableInput
        }
        return result
    }

    private func listRuns(store: StateStore, result: inout CommandResult) throws {
        let runs = try store.runs(pipeline: pipeline, environment: environment, limit: limit)
        let deployments = try environment.map { try store.deployments(environment: $0, limit: limit) }
        let stable = try environment.flatMap { try store.stableRevision(environment: $0) }
        if format == .json {
            result.standardOutput += try HistoryText.json(
                Listing(runs: runs, environment: environment, stableRevision: stable?.id, deployments: deployments))
            return
        }
        var text = ""
        if runs.isEmpty {
            text += "no runs recorded\(scopeWords) in \(statePath)\n"
        } else {
            text += "Runs\(scopeWords), newest first:\n"
            text += HistoryRendering.runTable(runs)
        }
        if let environment, let deployments {
            text += "\n"
            if let stable {
                text += "Stable revision of \(environment): \(HistoryText.shortRevision(stable.id))"
                text += " (commit \(HistoryText.shortCommit(stable.gitCommit)))\n"
            } else {
                text += "\(environment) has no promoted revision yet\n"
            }
            if deployments.isEmpty {
                text += "no deployments to \(environment) recorded\n"
            } else {
                text += "Deployments to \(environment), newest first:\n"
                text += try HistoryRendering.deploymentTable(deployments, store: store, includeEnvironment: false)
            }
        }
        result.standardOutput += text
    }

    private var scopeWords: String {
        var words = ""
        if let pipeline { words += " of pipeline \(pipeline)" }
        if let environment { words += " that deployed to \(environment)" }
        return words
    }

    private func showRun(_ id: Int64, store: StateStore, result: inout CommandResult) throws {
        guard let detail = try store.detail(runId: id) else {
            let latest = try store.runs(limit: 1).first.map { " (the latest is run \($0.id))" } ?? " (it has no runs)"
            result.standardError += "\(statePath): error: no run \(id) in the state store\(latest)\n"
            result.exitCode = ExitStatus.unreadableInput
            return
        }
        if format == .json {
            result.standardOutput += try HistoryText.json(detail)
        } else {
            result.standardOutput += try HistoryRendering.runDetail(detail, store: store)
        }
    }
}
