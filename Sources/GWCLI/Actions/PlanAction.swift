import Foundation
import GWPlan
import GWSema
import GWSyntax

/// `gwpipe plan FILE --env E [-o FILE]`: the compiled plan of one environment as canonical JSON,
/// and its revision id.
public struct PlanAction: Sendable {
    public var path: String
    public var environment: String?
    public var outputPath: String?
    public var useColor: Bool
    public var environmentVariables: [String: String]

    public init(
        path: String, environment: String?, outputPath: String? = nil, useColor: Bool = false,
        environmentVariables: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.path = path
        self.environment = environment
        self.outputPath = outputPath
        self.useColor = useColor
        self.environmentVariables = environmentVariables
    }

    public func run() -> CommandResult {
        var result = CommandResult()
        let compilation: Compilation
        switch Compilation.forFile(path, environment: environment, environmentVariables: environmentVariables) {
        case .success(let compiled): compilation = compiled
        case .failure(let unreadable): return unreadable.result
        }
        result.standardError += DiagnosticRenderer(format: .text, useColor: useColor).render(compilation.diagnostics)
        guard var plan = compilation.plan else {
            result.exitCode = ExitStatus.failure
            return result
        }
        let names = plan.environments.keys.sorted()
        guard let name = environment ?? (names.count == 1 ? names[0] : nil), let environmentPlan = plan.environments[name] else {
            result.standardError += "\(path): error: name the environment to plan with --env (one of: \(names.joined(separator: ", ")))\n"
            result.exitCode = ExitStatus.unreadableInput
            return result
        }
        plan.environments = [name: environmentPlan]
        do {
            let json = String(decoding: try CanonicalJSON.encodePretty(plan), as: UTF8.self) + "\n"
            if let outputPath {
                try Data(json.utf8).write(to: URL(fileURLWithPath: outputPath), options: .atomic)
                result.standardOutput += environmentPlan.revisionId + "\n"
                result.standardError += "wrote the plan of \(name) to \(outputPath)\n"
            } else {
                result.standardOutput += json
                result.standardError += "revision \(environmentPlan.revisionId)\n"
            }
        } catch {
            result.standardError += "error: cannot write the plan: \(error.localizedDescription)\n"
            result.exitCode = ExitStatus.unreadableInput
        }
        return result
    }
}
