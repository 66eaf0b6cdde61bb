import ArgumentParser
import Foundation
import GWStateStore

/// `gwpipe status [FILE] [--env E]`
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "What runs where: the file's revisions, what was promoted, what instances serve, and drift.",
        discussion: """
            For each environment: the revision the file describes now, the last revision promoted \
            there according to the state store, and what every `gwpipe serve` instance of a fleet \
            reports (stable, canary and its weight). Every difference is printed as a drift line. \
            Then the runs still going, interrupted (their process died) or waiting for approval.

            Exit status: 0 everything in sync, 1 some drift, 2 unreadable input.
            """
    )

    @Argument(help: "The .gwpipe file to compare with (optional).")
    var file: String?

    @Option(name: .long, help: "Only this environment.")
    var env: String?

    @Option(name: .long, help: "The state store (default: GWPIPE_STATE or .gwpipe/state.db).")
    var state: String?

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() async throws {
        let variables = ProcessInfo.processInfo.environment
        let action = StatusAction(
            file: file, environment: env, statePath: StateStore.resolvedPath(option: state, environment: variables), json: json,
            environmentVariables: variables)
        try CommandPrinter.emit(await action.run())
    }
}
