import Foundation

/// Turns diagnostics into text in one of the `DiagnosticFormat`s.
///
/// The text form follows the compilers users already read (rustc, Elm): location, severity and
/// message on one line, then the source line with the span underlined, secondary spans with their
/// labels, then hints and fix-its.
public struct DiagnosticRenderer: Sendable {
    public var format: DiagnosticFormat
    /// ANSI colours; only on a terminal and never when `NO_COLOR` is set (the CLI decides).
    public var useColor: Bool

    public init(format: DiagnosticFormat = .text, useColor: Bool = false) {
        self.format = format
        self.useColor = useColor
    }

    /// Renders all diagnostics, in the order given, as one string ending in a newline (empty when none).
    public func render(_ diagnostics: [Diagnostic]) -> String {
        switch format {
        case .text:
            return diagnostics.map(renderText).joined()
        case .json:
            return renderJSON(diagnostics)
        case .github:
            return diagnostics.map(renderGitHub).joined()
        }
    }

    // MARK: Text

    private func paint(_ text: String, _ code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func severityColor(_ severity: Severity) -> String {
        switch severity {
        case .error: "1;31"
        case .warning: "1;33"
        case .note: "1;36"
        }
    }

    public func renderText(_ diagnostic: Diagnostic) -> String {
        var out = ""
        let location = diagnostic.locationDescription
        let severity = paint(diagnostic.severity.rawValue, severityColor(diagnostic.severity))
        out += "\(paint(location, "1")): \(severity): \(paint(diagnostic.message, "1")) [\(diagnostic.code)]\n"
        let spans = [diagnostic.primary] + diagnostic.secondary
        let gutterWidth = spans.map { String($0.start.line).count }.max() ?? 1
        for (index, span) in spans.enumerated() {
            let isPrimary = index == 0
            if !isPrimary, span.file !== diagnostic.primary.file {
                out += "\(String(repeating: " ", count: gutterWidth + 1))--> \(span.file.name):\(span.start)\n"
            }
            out += snippet(span, primary: isPrimary, gutterWidth: gutterWidth, severity: diagnostic.severity)
        }
        for hint in diagnostic.hints {
            out += "  \(paint("hint", "1;36")): \(hint)\n"
        }
        for fix in diagnostic.fixIts {
            out += "  \(paint("fix", "1;32")): \(fix.message)\n"
        }
        return out
    }

    private func snippet(_ span: Diagnostic.Span, primary: Bool, gutterWidth: Int, severity: Severity) -> String {
        let start = span.start
        let rawLine = span.file.lineText(start.line)
        // A tab is one column; showing it as one space keeps the underline under the right characters.
        // Other control characters (a NUL in a binary file) would reach the terminal raw: each becomes
        // one U+FFFD, still one column wide.
        var line = ""
        for character in rawLine {
            if character == "\t" {
                line.append(" ")
            } else if let scalar = character.unicodeScalars.first, scalar.value < 0x20 || scalar.value == 0x7F {
                line.append("\u{FFFD}")
            } else {
                line.append(character)
            }
        }
        let lineLength = line.count
        let end = span.end
        let width: Int
        if end.line == start.line {
            width = max(1, end.column - start.column)
        } else {
            width = max(1, lineLength - start.column + 1)
        }
        let marker: String
        if primary {
            marker = "^" + String(repeating: "~", count: max(0, width - 1))
        } else {
            marker = String(repeating: "-", count: width)
        }
        let number = String(start.line)
        let pad = String(repeating: " ", count: gutterWidth - number.count)
        let blankGutter = String(repeating: " ", count: gutterWidth + 2)
        var out = " \(pad)\(number) | \(line)\n"
        let label = span.label.map { " " + $0 } ?? ""
        let underline = String(repeating: " ", count: max(0, start.column - 1)) + marker + label
        let color = primary ? severityColor(severity) : "1;34"
        out += "\(blankGutter)| \(paint(underline, color))\n"
        return out
    }

    // MARK: GitHub

    private func renderGitHub(_ diagnostic: Diagnostic) -> String {
        let command: String
        switch diagnostic.severity {
        case .error: command = "error"
        case .warning: command = "warning"
        case .note: command = "notice"
        }
        let start = diagnostic.primary.start
        let end = diagnostic.primary.end
        let file = escapeGitHubProperty(diagnostic.primary.file.name)
        var message = diagnostic.message
        for hint in diagnostic.hints { message += "\nhint: \(hint)" }
        return "::\(command) file=\(file),line=\(start.line),col=\(start.column),endLine=\(end.line),"
            + "endColumn=\(end.column),title=\(diagnostic.code)::\(escapeGitHubData(message))\n"
    }

    private func escapeGitHubData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private func escapeGitHubProperty(_ text: String) -> String {
        escapeGitHubData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    // MARK: JSON

    private func renderJSON(_ diagnostics: [Diagnostic]) -> String {
        var out = "["
        for (index, diagnostic) in diagnostics.enumerated() {
            out += index == 0 ? "\n  " : ",\n  "
            out += jsonObject(diagnostic)
        }
        out += diagnostics.isEmpty ? "]\n" : "\n]\n"
        return out
    }

    private func jsonSpan(_ span: Diagnostic.Span) -> String {
        let start = span.start
        let end = span.end
        var fields = [
            "\"file\":\(jsonString(span.file.name))",
            "\"line\":\(start.line)",
            "\"column\":\(start.column)",
            "\"endLine\":\(end.line)",
            "\"endColumn\":\(end.column)",
        ]
        if let label = span.label { fields.append("\"label\":\(jsonString(label))") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    private func jsonObject(_ diagnostic: Diagnostic) -> String {
        let fixIts = diagnostic.fixIts.map { fix in
            let start = diagnostic.primary.file.position(of: fix.range.start)
            let end = diagnostic.primary.file.position(of: fix.range.end)
            return "{\"message\":\(jsonString(fix.message)),\"replacement\":\(jsonString(fix.replacement)),"
                + "\"line\":\(start.line),\"column\":\(start.column),\"endLine\":\(end.line),\"endColumn\":\(end.column)}"
        }
        return "{\"severity\":\"\(diagnostic.severity.rawValue)\",\"code\":\"\(diagnostic.code)\","
            + "\"message\":\(jsonString(diagnostic.message)),\"location\":\(jsonSpan(diagnostic.primary)),"
            + "\"related\":[\(diagnostic.secondary.map(jsonSpan).joined(separator: ","))],"
            + "\"hints\":[\(diagnostic.hints.map(jsonString).joined(separator: ","))],"
            + "\"fixIts\":[\(fixIts.joined(separator: ","))]}"
    }
}

/// A JSON string literal for `text`, escaping what RFC 8259 requires.
func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
