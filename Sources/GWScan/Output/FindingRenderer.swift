import Foundation
import GWSyntax

/// Turns findings into text in one of the `ScanFormat`s. No source line is shown: the line that
/// holds a key would print the key.
public struct FindingRenderer: Sendable {
    public var format: ScanFormat
    /// ANSI colours; only on a terminal and never when `NO_COLOR` is set (the CLI decides).
    public var useColor: Bool

    public init(format: ScanFormat = .text, useColor: Bool = false) {
        self.format = format
        self.useColor = useColor
    }

    /// All findings, in the order given, as one string ending in a newline (empty when none).
    public func render(_ findings: [Finding]) -> String {
        switch format {
        case .text: findings.map(renderText).joined()
        case .json: findings.map(renderJSONLine).joined()
        case .github: findings.map(renderGitHub).joined()
        }
    }

    // MARK: Text

    private func paint(_ text: String, _ code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func renderText(_ finding: Finding) -> String {
        let color: String
        switch finding.severity {
        case .error: color = "1;31"
        case .warning: color = "1;33"
        case .note: color = "1;36"
        }
        var out = "\(paint(finding.location.description, "1")): \(paint(finding.severity.rawValue, color)): "
        out += "\(paint(finding.message, "1")) [\(finding.ruleId)]\n"
        if !finding.help.isEmpty { out += "  \(paint("help", "1;36")): \(finding.help)\n" }
        return out
    }

    // MARK: JSON lines

    private struct Line: Encodable {
        var rule: String
        var severity: String
        var message: String
        var file: String
        var line: Int?
        var column: Int?
        var help: String
    }

    private func renderJSONLine(_ finding: Finding) -> String {
        let line = Line(
            rule: finding.ruleId, severity: finding.severity.rawValue, message: finding.message,
            file: finding.location.file,
            line: finding.location.line, column: finding.location.column, help: finding.help)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and integers cannot fail; an empty object keeps the line count right if it ever did.
        let data = (try? encoder.encode(line)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: GitHub

    private func renderGitHub(_ finding: Finding) -> String {
        let command: String
        switch finding.severity {
        case .error: command = "error"
        case .warning: command = "warning"
        case .note: command = "notice"
        }
        var properties = "file=\(escapeProperty(finding.location.file))"
        if let line = finding.location.line {
            properties += ",line=\(line),col=\(finding.location.column ?? 1)"
        }
        var message = "\(finding.message) [\(finding.ruleId)]"
        if !finding.help.isEmpty { message += "\nhelp: \(finding.help)" }
        return "::\(command) \(properties)::\(escapeData(message))\n"
    }

    private func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
