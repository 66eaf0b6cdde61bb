import Foundation
import GWPipeline
import GWPlan
import GWStateStore

/// `gwpipe status [FILE] [--env E]`: per environment, the file's revision, what was last promoted
/// there (state store) and what each remote instance serves, with every drift spelled out; then the
/// runs still going, waiting for approval or interrupted.
public struct StatusAction: Sendable {
    public var file: String?
    public var environment: String?
    public var statePath: String
    public var json: Bool
    public var environmentVariables: [String: String]

    public init(file: String?, environment: String?, statePath: String, json: Bool, environmentVariables: [String: String]) {
        self.file = file
        self.environment = environment
        self.statePath = statePath
        self.json = json
        self.environmentVariables = environmentVariables
    }

    struct Report: Encodable {
        var environments: [EnvironmentStatus]
        var openRuns: [RunRecord]
    }

    public func run() async -> CommandResult {
        var result = CommandResult()
        var plan: Plan?
        if let file {
            switch Compilation.forFile(file, environment: nil, environmentVariables: environmentVariables) {
            case .failure(let unreadable): return unreadable.result
            case .success(let compilation):
                guard let compiled = compilation.plan else {
                    return CommandResult(standardError: "\(file) has errors; run `gwpipe check \(file)`\n", exitCode: ExitStatus.failure)
                }
                plan = compiled
            }
        }
        var store: StateStore?
        switch HistoryStore.open(path: statePath) {
        case .opened(let opened): store = opened
        case .failed(let failed): return failed
        case .missing(let message): if plan == nil { return CommandResult(standardOutput: message + "\n") }
        }
        if let store { HistoryStore.markInterruptedRuns(in: store, now: Date(), result: &result) }
        do {
            let reports = try await EnvironmentInspector(plan: plan, store: store, environmentVariables: environmentVariables)
                .inspect(only: environment)
            let open = try (store?.runs(limit: 20) ?? []).filter { [.running, .waitingApproval, .interrupted].contains($0.status) }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.dateEncodingStrategy = ISO8601Dates.encoding
                result.standardOutput += String(decoding: try encoder.encode(Report(environments: reports, openRuns: open)), as: UTF8.self) + "\n"
            } else {
                result.standardOutput += Self.text(reports, open)
            }
            if reports.contains(where: { !$0.inSync }) { result.exitCode = ExitStatus.failure }
        } catch {
            result.standardError += "error: \(error)\n"
            result.exitCode = ExitStatus.unreadableInput
        }
        return result
    }

    static func text(_ reports: [EnvironmentStatus], _ open: [RunRecord]) -> String {
        var text = ""
        for report in reports {
            text += "\(report.environment) (\(report.embedded ? "embedded" : "\(report.instances.count) instance(s)"))\n"
            if let file = report.fileRevision { text += "  file:      \(file)\n" }
            text += "  promoted:  \(report.recordedStable ?? "nothing recorded")\n"
            if let last = report.lastDeployment {
                let run = last.runId.map { "run \($0)" } ?? "by hand"
                text += "  last move: \(last.strategy) of \(last.revisionId.prefix(15))… \(last.outcome.rawValue) (\(run))\n"
            }
            for instance in report.instances {
                let canary = instance.canary.map { ", canary \($0.prefix(15))… at \(Int(instance.canaryWeight))%" } ?? ""
                text += "  \(instance.name): \(instance.error ?? (instance.stable ?? "serves nothing"))\(canary)\n"
            }
            text += report.drift.isEmpty ? "  in sync\n" : report.drift.map { "  drift: \($0)\n" }.joined()
        }
        for run in open {
            text += "run \(run.id) (\(run.pipeline)) is \(run.status.rawValue)"
            text += run.status == .waitingApproval ? ": continue with `gwpipe run \(run.file) --resume \(run.id)`\n" : "\n"
        }
        return text
    }
}
