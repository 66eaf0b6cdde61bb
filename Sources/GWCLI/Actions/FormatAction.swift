import Foundation
import GWSyntax

/// `gwpipe fmt`: print, check or rewrite files in the canonical layout.
public struct FormatAction: Sendable {
    public enum Mode: Sendable {
        /// Print the formatted text to standard output.
        case print
        /// Print a diff for each file that is not formatted; exit 1 when any is not.
        case check
        /// Rewrite files in place.
        case write
    }

    public var paths: [String]
    public var mode: Mode
    public var useColor: Bool

    public init(paths: [String], mode: Mode, useColor: Bool = false) {
        self.paths = paths
        self.mode = mode
        self.useColor = useColor
    }

    public func run() -> CommandResult {
        var result = CommandResult()
        var unformatted: [String] = []
        let renderer = DiagnosticRenderer(format: .text, useColor: useColor)
        for path in paths {
            let file: SourceFile
            do {
                file = try InputFile.read(path)
            } catch {
                result.standardError += "\(error.description)\n"
                result.exitCode = ExitStatus.unreadableInput
                continue
            }
            let syntax = Parser.parse(file)
            guard !syntax.diagnostics.hasErrors else {
                // Formatting a file that does not parse would drop what the parser skipped.
                result.standardError += renderer.render(syntax.diagnostics.filter { $0.severity == .error })
                result.standardError += "\(path): not formatted because it has syntax errors\n"
                result.exitCode = max(result.exitCode, ExitStatus.failure)
                continue
            }
            let original = String(decoding: file.bytes, as: UTF8.self)
            let formatted = Formatter.format(syntax)
            switch mode {
            case .print:
                result.standardOutput += formatted
            case .check:
                if formatted != original {
                    unformatted.append(path)
                    result.standardOutput += LineDiff.unified(old: original, new: formatted, path: path)
                }
            case .write:
                guard formatted != original else { continue }
                do {
                    try Data(formatted.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                    result.standardError += "formatted \(path)\n"
                } catch {
                    result.standardError += "\(path): error: cannot write: \(error.localizedDescription)\n"
                    result.exitCode = ExitStatus.unreadableInput
                }
            }
        }
        if mode == .check {
            if unformatted.isEmpty, result.exitCode == ExitStatus.success {
                result.standardError += "\(paths.count) file\(paths.count == 1 ? "" : "s") already formatted\n"
            } else if !unformatted.isEmpty {
                result.standardError += "\(unformatted.count) file\(unformatted.count == 1 ? "" : "s") not formatted; "
                    + "run `gwpipe fmt --write \(unformatted.joined(separator: " "))`\n"
                result.exitCode = max(result.exitCode, ExitStatus.failure)
            }
        }
        return result
    }
}
