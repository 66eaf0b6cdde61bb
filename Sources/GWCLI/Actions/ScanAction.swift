import Foundation
import GWPlan
import GWScan
import GWSema
import GWSyntax

/// `gwpipe scan FILE`: compile the file, run the security rules over it and its plan, print the
/// findings (with the file's check errors, if any), and optionally write them all as SARIF.
public struct ScanAction: Sendable {
    public var path: String
    public var environment: String?
    public var sarifPath: String?
    public var format: ScanFormat
    public var useColor: Bool
    /// Consulted only to know whether secrets' variables are set; never printed.
    public var environmentVariables: [String: String]
    public var files: ScanFiles

    public init(
        path: String, environment: String? = nil, sarifPath: String? = nil, format: ScanFormat = .text,
        useColor: Bool = false,
        environmentVariables: [String: String] = ProcessInfo.processInfo.environment, files: ScanFiles = .disk
    ) {
        self.path = path
        self.environment = environment
        self.sarifPath = sarifPath
        self.format = format
        self.useColor = useColor
        self.environmentVariables = environmentVariables
        self.files = files
    }

    public func run() -> CommandResult {
        let compilation: Compilation
        switch Compilation.forFile(path, environment: environment, environmentVariables: environmentVariables) {
        case .success(let compiled): compilation = compiled
        case .failure(let unreadable): return unreadable.result
        }
        Compilation.keepUntilExit(compilation)
        // Only the check's errors: they stop the plan, so the scan must say so. Its warnings are
        // `gwpipe check`'s to report.
        let checkErrors = compilation.diagnostics.filter { $0.severity == .error }
        let findings = SecurityScanner(files: files).scan(model: compilation.model, plan: compilation.plan)
        let report = Finding.sorted(checkErrors.map(Finding.init(diagnostic:)) + findings)

        var result = CommandResult()
        let rendered = FindingRenderer(format: format, useColor: useColor).render(report)
        let summary = ScanAction.summary(report, path: path)
        switch format {
        case .text:
            result.standardError += rendered + summary + "\n"
        case .json:
            result.standardOutput += rendered
        case .github:
            result.standardOutput += rendered
            result.standardError += summary + "\n"
        }
        if compilation.plan == nil {
            result.standardError +=
                "\(path): note: the plan rules did not run because the file has errors; see `gwpipe check \(path)`\n"
        }
        if let sarifPath {
            do {
                try SARIFWriter(toolVersion: GWPipeCommand.configuration.version)
                    .write(findings: findings, diagnostics: checkErrors, to: sarifPath)
            } catch {
                result.standardError +=
                    "error: cannot write the SARIF log to \(sarifPath): \(error.localizedDescription)\n"
                result.exitCode = ExitStatus.unreadableInput
                return result
            }
        }
        result.exitCode = report.hasErrors ? ExitStatus.failure : ExitStatus.success
        return result
    }

    /// "scanned gateway.gwpipe: 1 error, 2 warnings" or "...: no findings".
    static func summary(_ findings: [Finding], path: String) -> String {
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.filter { $0.severity == .warning }.count
        let notes = findings.count - errors - warnings
        var parts: [String] = []
        if errors > 0 { parts.append("\(errors) error\(errors == 1 ? "" : "s")") }
        if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
        if notes > 0 { parts.append("\(notes) note\(notes == 1 ? "" : "s")") }
        return "scanned \(path): " + (parts.isEmpty ? "no findings" : parts.joined(separator: ", "))
    }
}
