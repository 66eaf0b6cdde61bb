import GWSyntax

/// The closing line of a check: "2 errors, 1 warning in 3 files".
enum DiagnosticSummary {
    static func line(for diagnostics: [Diagnostic], files: Int) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let fileWord = files == 1 ? "file" : "files"
        if errors == 0, warnings == 0 { return "checked \(files) \(fileWord): no problems" }
        var parts: [String] = []
        if errors > 0 { parts.append("\(errors) error\(errors == 1 ? "" : "s")") }
        if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
        return parts.joined(separator: ", ") + " in \(files) \(fileWord)"
    }
}
