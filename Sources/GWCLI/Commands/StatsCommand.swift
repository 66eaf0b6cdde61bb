import ArgumentParser
import Foundation
import GWStateStore

/// `gwpipe stats [--env E] [--since 30d] [--state PATH] [--format text|json]`
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Deployment frequency, lead time, change failure rate and time to restore.",
        discussion: """
            The four DORA measures, from the deployments in the state store:
              deployment frequency   promoted deployments per day over the period
              lead time for changes  median and p90 from commit to promotion
              change failure rate    deployments rolled back or failed, of all finished
              time to restore        median from a failure to the next promotion there
            Each comes with the counts it rests on, or says why there is no data. Manual \
            rollbacks count only as restores; interrupted deployments are left out.

            --since takes a span back from now (30d, 12h, 2w) or a UTC date (2024-05-01); without \
            it the period starts at the first deployment. The state store is --state, else \
            $GWPIPE_STATE, else .gwpipe/state.db.

            Exit status: 0 shown, 2 the store cannot be read or --since is not understood.
            """
    )

    @Option(name: .long, help: "Only this environment (default: all).")
    var env: String?

    @Option(name: .long, help: "The period's start: 30d, 12h, 2w, or a date such as 2024-05-01.")
    var since: String?

    @Option(name: .long, help: "The state store file (default: $GWPIPE_STATE, else .gwpipe/state.db).")
    var state: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: HistoryOutputFormat = .text

    func run() throws {
        let action = StatsAction(
            environment: env, since: since,
            statePath: StateStore.resolvedPath(option: state, environment: ProcessInfo.processInfo.environment),
            format: format)
        try CommandPrinter.emit(action.run())
    }
}
