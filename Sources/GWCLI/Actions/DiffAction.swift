import Foundation
import GWPlan
import GWSyntax

/// `gwpipe diff OLD NEW`: what a change does to routing, limits, providers and the pipeline.
/// Each side is a file or `git:REF[:path]`. Exit 0 when the plans mean the same, 1 when they differ.
public struct DiffAction: Sendable {
    public var old: String
    public var new: String
    public var environment: String?
    public var environmentVariables: [String: String]

    public init(old: String, new: String, environment: String? = nil,
                environmentVariables: [String: String] = ProcessInfo.processInfo.environment) {
        self.old = old
        self.new = new
        self.environment = environment
        self.environmentVariables = environmentVariables
    }

    public func run() -> CommandResult {
        var result = CommandResult()
        let fileSide = [old, new].first { !$0.hasPrefix("git:") }
        var plans: [Plan] = []
        var readers: [SourceReader] = []
        for side in [old, new] {
            do {
                let reader = try SourceReader(argument: side, defaultPath: fileSide)
                readers.append(reader)
                let compilation = try Compilation.run(reader, environment: environment, environmentVariables: environmentVariables)
                guard let plan = compilation.plan else {
                    result.standardError += DiagnosticRenderer().render(compilation.diagnostics.filter { $0.severity == .error })
                    result.standardError += "\(reader.displayName): has errors; fix them before diffing\n"
                    result.exitCode = ExitStatus.unreadableInput
                    return result
                }
                plans.append(plan)
            } catch {
                result.standardError += "\(error.description)\n"
                result.exitCode = ExitStatus.unreadableInput
                return result
            }
        }
        let before = PlanFacts.facts(of: plans[0])
        let after = PlanFacts.facts(of: plans[1])
        var lines: [String] = []
        for key in Set(before.keys).union(after.keys).sorted() {
            switch (before[key], after[key]) {
            case (let a?, let b?) where a != b: lines.append("~ \(key): \(a)  →  \(b)")
            case (nil, let b?): lines.append("+ \(key): \(b)")
            case (let a?, nil): lines.append("- \(key): \(a)")
            default: break
            }
        }
        var out = "--- \(readers[0].displayName)\n+++ \(readers[1].displayName)\n"
        for name in Set(plans[0].environments.keys).union(plans[1].environments.keys).sorted() {
            let a = plans[0].environments[name]?.revisionId ?? "(none)"
            let b = plans[1].environments[name]?.revisionId ?? "(none)"
            out += a == b ? "environment \(name): revision \(a) (unchanged)\n" : "environment \(name): revision \(a) → \(b)\n"
        }
        if lines.isEmpty {
            out += "no semantic difference\n"
        } else {
            out += lines.joined(separator: "\n") + "\n"
            result.exitCode = ExitStatus.failure
        }
        result.standardOutput = out
        return result
    }
}
