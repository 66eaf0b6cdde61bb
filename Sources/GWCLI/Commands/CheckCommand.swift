import ArgumentParser
import GWSyntax

extension DiagnosticFormat: ExpressibleByArgument {}

/// `gwpipe check FILE...`
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Type-check .gwpipe files and report every mistake with its line and column.",
        discussion: """
            Checks syntax, names (in any order, across imports), types and units, contexts \
            (request properties only in routes, metrics only in gates), every rule of the \
            language, the environments' values files and the keys files. Each problem is printed with the source line, a caret under the mistake and, where \
            possible, a hint or a fix ("did you mean `route`?"). The parser recovers at statement \
            and block boundaries, so one run reports every independent error.

            Formats: text (default; colour on a terminal unless NO_COLOR is set), json (an array on \
            standard output), github (::error annotations for GitHub Actions).

            Exit status: 0 no errors (warnings allowed), 1 errors found, 2 a file could not be read.
            """
    )

    @Argument(help: "The .gwpipe files to check ('-' reads standard input).")
    var files: [String]

    @Option(name: .long, help: "Output format: text, json or github.")
    var format: DiagnosticFormat = .text

    @Option(name: .long, help: "Check only this environment's values (default: every environment).")
    var env: String?

    func run() throws {
        let action = CheckAction(paths: files, format: format, useColor: TerminalStyle.colorAllowed(), environment: env)
        try CommandPrinter.emit(action.run())
    }
}
