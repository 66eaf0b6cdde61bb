import GWSyntax

/// `gwpipe check`: parse each file and report every diagnostic.
public struct CheckAction: Sendable {
    public var paths: [String]
    public var format: DiagnosticFormat
    public var useColor: Bool

    public init(paths: [String], format: DiagnosticFormat = .text, useColor: Bool = false) {
        self.paths = paths
        self.format = format
        self.useColor = useColor
    }

    public func run() -> CommandResult {
        var result = CommandResult()
        var allDiagnostics: [Diagnostic] = []
        var unreadable = false
        for path in paths {
            do {
                let file = try InputFile.read(path)
                allDiagnostics += Parser.parse(file).diagnostics
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
