import ArgumentParser
import Foundation
import GWPipeline

/// `gwpipe run FILE [--pipeline P] [--baseline FILE|git:REF] [--approve] [--resume RUN] ...`
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline: tests, gates, canary / blue-green / rolling / flag rollouts, automatic rollback.",
        discussion: """
            Checks the file, then runs its pipeline (the only one, or --pipeline) stage by stage \
            against its environments: embedded gateways served from this process, or the \
            `gwpipe serve` instances named by an environment's admin URLs. Every step, gate \
            evaluation, deployment and rollback is recorded in the state store as it happens \
            (.gwpipe/state.db, or --state / GWPIPE_STATE); `gwpipe history` reads it back.

            The stable revision of an environment is --baseline (a file or git:REF[:path]) when \
            given, else the last one promoted there according to the state store, else what a \
            remote instance reports it serves.

            An `approve` step passes with --approve, asks y/N on a terminal, and otherwise stops \
            the run "waiting for approval"; `gwpipe run FILE --resume RUN` then continues it.

            Ctrl-C or SIGTERM rolls back any rollout in progress, records the run as cancelled and \
            exits 130; a second Ctrl-C exits at once.

            Exit status: 0 every stage passed; 1 a gate, test or step failed (rollouts rolled back), \
            or the run waits for approval; 2 a configuration error found before anything moved; \
            3 an infrastructure failure (admin API unreachable, port in use, state store broken).
            """
    )

    @Argument(help: "The .gwpipe file.")
    var file: String

    @Option(name: .long, help: "The pipeline to run (may be left out when the file has one).")
    var pipeline: String?

    @Option(name: .long, help: "The stable revisions to compare against: a .gwpipe file or git:REF[:path].")
    var baseline: String?

    @Flag(name: .long, help: "Grant every approval (and pauses on inconclusive gates) up front.")
    var approve = false

    @Option(name: .long, help: "Continue run RUN, which stopped waiting for approval.")
    var resume: Int64?

    @Option(name: .long, help: "The state store (default: GWPIPE_STATE or .gwpipe/state.db).")
    var state: String?

    @Option(name: .long, help: "Write a JUnit XML report (stages as suites, steps and test cases as cases).")
    var junit: String?

    @Option(name: .long, help: "Write the check's diagnostics and the scan's findings as SARIF 2.1.0.")
    var sarif: String?

    @Option(name: .long, help: "Write every event as JSON lines, as it happens.")
    var events: String?

    @Option(name: .long, help: "Write a self-contained HTML report with charts of each rollout.")
    var report: String?

    @Option(name: .long, help: "Console output: live, plain, github or quiet (default: live on a terminal, github in GitHub Actions, plain otherwise).")
    var output: RunOutputStyle?

    @Option(name: .long, help: "Run every pipeline duration (steps, intervals, waits, mock timelines) this many times faster than real time, e.g. 0.1 (demos and tests).")
    var timeScale: Double = 1

    @Flag(name: .long, help: "Serve embedded environments on free ports instead of their listen addresses.")
    var ephemeralPorts = false

    func validate() throws {
        guard timeScale > 0, timeScale <= 100, timeScale.isFinite else {
            throw ValidationError("--time-scale must be above 0 and at most 100, not \(timeScale)")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let style = output ?? .automatic(environment, isTerminal: isatty(STDOUT_FILENO) == 1)
        let options = RunOptions(
            pipeline: pipeline, approve: approve, resume: resume, timeScale: timeScale, ephemeralPorts: ephemeralPorts,
            environmentVariables: environment, junitPath: junit, sarifPath: sarif, eventsPath: events, reportPath: report)
        let action = RunAction(
            file: file, baseline: baseline, statePath: state, options: options, sink: .standardOutput, output: style,
            approver: TerminalApprover())
        let task = Task { await action.run() }
        let signals = CancellationSignals()
        signals.install { task.cancel() }
        let outcome = await task.value
        if style == .quiet, !outcome.message.isEmpty { print(outcome.message) }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
