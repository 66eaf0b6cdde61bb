import Foundation
import GWSema
import GWSyntax

/// `gwpipe check`: load each file with its imports, type-check it, bind its environments'
/// values, compile the plan, and report every diagnostic.
public struct CheckAction: Sendable {
    public var paths: [String]
    public var format: DiagnosticFormat
    public var useColor: Bool
    /// Check only this environment's values file.
    public var environment: String?
    /// Consulted only to know whether secrets' variables are set; never printed.
    public var environmentVariables: [String: String]

    public init(
        paths: [String], format: DiagnosticFormat = .text, useColor: Bool = false, environment: String? = nil,
        environmentVariables: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.paths = paths
        self.format = format
        self.useColor = useColor
        self.environment = environment
        self.environmentVariables = environmentVariables
    }

    public func run() -> CommandResult {
        CheckMemory.prepare()
        var result = CommandResult()
        var allDiagnostics: [Diagnostic] = []
        var unreadable = false
        for path in paths {
            do {
                let compilation = try Compilation.run(
                    SourceReader(argument: path, defaultPath: nil), environment: environment,
                    environmentVariables: environmentVariables)
                allDiagnostics += compilation.diagnostics
                Compilation.keepUntilExit(compilation)
            } catch {
                unreadable = true
                result.standardError += "\(error.description)\n"
            }
        }
        let renderer = DiagnosticRenderer(format: format, useColor: useColor)
        switch format {
        case .json:
            result.standardOutput += renderer.render(allDiagnostics)
        case .github:
            result.standardOutput += renderer.render(allDiagnostics)
            result.standardError += DiagnosticSummary.line(for: allDiagnostics, files: paths.count) + "\n"
        case .text:
            result.standardError += renderer.render(allDiagnostics)
            result.standardError += DiagnosticSummary.line(for: allDiagnostics, files: paths.count) + "\n"
        }
        if unreadable {
            result.exitCode = ExitStatus.unreadableInput
        } else if allDiagnostics.hasErrors {
            result.exitCode = ExitStatus.failure
        }
        return result
    }
}
