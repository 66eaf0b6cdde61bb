import Foundation

/// Decides whether output may use ANSI colour: only on a terminal, never with `NO_COLOR` set.
enum TerminalStyle {
    static func colorAllowed(fileDescriptor: Int32 = STDERR_FILENO) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(fileDescriptor) == 1
    }
}
