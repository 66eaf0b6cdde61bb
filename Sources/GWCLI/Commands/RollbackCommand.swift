import ArgumentParser
import Foundation
import GWStateStore

/// `gwpipe rollback ENV [--to REV]`
struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Put an environment back on a known-good revision from the state store.",
        discussion: """
            Without --to, the revision the environment served before its current stable one. The \
            revision's content comes from the state store, so no file or checkout is needed. A \
            fleet (admin URLs) gets it through every instance's admin API at once; for an embedded \
            environment the choice is recorded and the next `gwpipe run` starts on it. The move is \
            recorded as a deployment and in the audit log.

            Exit status: 0 rolled back (or nothing to do), 2 nothing known to roll back to or bad \
            input, 3 an instance could not be reached.
            """
    )

    @Argument(help: "The environment.")
    var environment: String

    @Option(name: .long, help: "The revision to go to: its id or a unique prefix (sha256: optional).")
    var to: String?

    @Option(name: .long, help: "The .gwpipe file with the environment's admin URLs (default: the last run's).")
    var file: String?

    @Option(name: .long, help: "The state store (default: GWPIPE_STATE or .gwpipe/state.db).")
    var state: String?

    func run() async throws {
        let variables = ProcessInfo.processInfo.environment
        let action = RollbackAction(
            environment: environment, to: to, file: file, statePath: StateStore.resolvedPath(option: state, environment: variables),
            environmentVariables: variables)
        try CommandPrinter.emit(await action.run())
    }
}
