import Foundation
import GWPipeline
import GWPlan
import GWStateStore

/// `gwpipe rollback ENV [--to REV] [--file FILE]`: back to a known-good revision from the state store.
/// The file (for a fleet's admin URLs) defaults to the one the last run that touched ENV used.
public struct RollbackAction: Sendable {
    public var environment: String
    public var to: String?
    public var file: String?
    public var statePath: String
    public var environmentVariables: [String: String]

    public init(environment: String, to: String?, file: String?, statePath: String, environmentVariables: [String: String]) {
        self.environment = environment
        self.to = to
        self.file = file
        self.statePath = statePath
        self.environmentVariables = environmentVariables
    }

    public func run() async -> CommandResult {
        let store: StateStore
        switch HistoryStore.open(path: statePath) {
        case .opened(let opened): store = opened
        case .failed(let failed): return failed
        case .missing(let message):
            return CommandResult(standardError: "nothing to roll back: \(message)\n", exitCode: ExitStatus.unreadableInput)
        }
        var plan: Plan?
        let source = file ?? (try? store.runs(environment: environment, limit: 1).first?.file) ?? nil
        // Without the file a fleet's instances cannot be reached; never fall back to only recording.
        if let source {
            switch Compilation.forFile(source, environment: nil, environmentVariables: environmentVariables) {
            case .failure(let unreadable):
                return CommandResult(
                    standardError: unreadable.result.standardError + "name the file with the environment's admin URLs with --file\n",
                    exitCode: ExitStatus.unreadableInput)
            case .success(let compilation):
                guard let compiled = compilation.plan else {
                    return CommandResult(standardError: "\(source) has errors; fix it or name another file with --file\n", exitCode: ExitStatus.unreadableInput)
                }
                plan = compiled
            }
        }
        do {
            let message = try await EnvironmentRollback(
                environment: environment, to: to, plan: plan, store: store, environmentVariables: environmentVariables
            ).run()
            return CommandResult(standardOutput: message + "\n")
        } catch let error as PipelineError {
            return CommandResult(standardError: "error: \(error.message)\n", exitCode: error.exitCode)
        } catch {
            return CommandResult(standardError: "error: \(error)\n", exitCode: 3)
        }
    }
}
