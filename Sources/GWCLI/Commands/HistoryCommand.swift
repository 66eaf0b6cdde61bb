import ArgumentParser
import Foundation
import GWStateStore

extension HistoryOutputFormat: ExpressibleByArgument {}

/// `gwpipe history [RUN] [--env E] [--pipeline P] [--limit N] [--state PATH] [--format text|json]`
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show recorded runs and deployments, or everything about one run.",
        discussion: """
            Without RUN: the runs newest first (id, start time in UTC, pipeline, status, duration, \
            commit, message). With --env, only the runs that deployed there, followed by the \
            environment's stable revision and its deployments (revision, strategy, outcome, commit).

            With RUN: that run's stages and steps with their status and timings, its contract test \
            failures, every gate evaluation with the values it observed, and its deployments.

            A run whose process died (kill -9, a crash) is recorded as interrupted before it is shown. \
            The state store is --state, else $GWPIPE_STATE, else .gwpipe/state.db; a store that does \
            not exist yet just means nothing has run.

            Exit status: 0 shown, 2 the store cannot be read or RUN is not in it.
            """
    )

    @Argument(help: ArgumentHelp("A run id: show that run in full.", valueName: "run"))
    var runId: Int64?

    @Option(name: .long, help: "Only runs that deployed to this environment, and its deployments.")
    var env: String?

    @Option(name: .long, help: "Only runs of this pipeline.")
    var pipeline: String?

    @Option(name: .long, help: "At most this many runs (and deployments).")
    var limit: Int = 20

    @Option(name: .long, help: "The state store file (default: $GWPIPE_STATE, else .gwpipe/state.db).")
    var state: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: HistoryOutputFormat = .text

    func run() throws {
        let action = HistoryAction(
            runId: runId, environment: env, pipeline: pipeline, limit: limit,
            statePath: StateStore.resolvedPath(option: state, environment: ProcessInfo.processInfo.environment),
            format: format)
        try CommandPrinter.emit(action.run())
    }
}
