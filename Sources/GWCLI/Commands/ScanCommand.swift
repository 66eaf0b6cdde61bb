import ArgumentParser
import GWScan

extension ScanFormat: ExpressibleByArgument {}

/// `gwpipe scan FILE [--env E] [--sarif OUT] [--format text|json|github]`
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Run the security rules over a .gwpipe file and its plan; optionally write SARIF 2.1.0.",
        discussion: """
            Rules (ids are stable): GW-S001 a provider key written in the source; GW-S002 a route \
            without auth; GW-S003 a route with neither auth nor limit; GW-S004 plain http:// to an \
            upstream beyond loopback; GW-S005 a route and its providers without a timeout; GW-S006 \
            more than 10 retries or retries without backoff; GW-S007 an admin API beyond loopback \
            without admin_token; GW-S008 a world-readable values or keys file holding a key. \
            Keys are never printed: a finding shows a key's first three characters and its length.

            A file with check errors is still scanned for keys; the plan rules need a clean check. \
            Formats: text (default), json (one object per line on standard output), github \
            (::error annotations). --sarif writes findings and check errors as one SARIF log.

            Exit status: 0 no error-level finding, 1 an error-level finding or check error, 2 the \
            file could not be read (or the SARIF log could not be written).
            """
    )

    @Argument(help: "The .gwpipe file to scan ('-' reads standard input).")
    var file: String

    @Option(name: .long, help: "Scan only this environment's plan (default: every environment).")
    var env: String?

    @Option(name: .long, help: "Write the findings and check errors as SARIF 2.1.0 to this file.")
    var sarif: String?

    @Option(name: .long, help: "Output format: text, json or github.")
    var format: ScanFormat = .text

    func run() throws {
        let action = ScanAction(
            path: file, environment: env, sarifPath: sarif, format: format, useColor: TerminalStyle.colorAllowed())
        try CommandPrinter.emit(action.run())
    }
}
