import ArgumentParser
import Foundation
import GWPipeline

/// The `gwpipe` root command. Subcommands are thin: they parse arguments, call an action, and
/// print its `CommandResult`.
public struct GWPipeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gwpipe",
        abstract: "Type-checked configuration and release pipelines for AI API gateways.",
        discussion: """
            A .gwpipe file declares a gateway (providers, keys, routes, limits,
            retries, fallbacks, flags, environments) and the pipeline that
            releases it (stages, tests, quality gates, canary / blue-green /
            rolling / flag rollouts, automatic rollback).

            Start with:
              cd examples/quickstart && gwpipe run gateway.gwpipe --baseline baseline.gwpipe
              gwpipe check examples/quickstart/gateway.gwpipe
              gwpipe explain examples/quickstart/gateway.gwpipe --route chat
              gwpipe plan examples/quickstart/gateway.gwpipe --env production -o plan.json
              gwpipe diff git:HEAD~1 examples/quickstart/gateway.gwpipe
              gwpipe history

            Exit status: 0 success, 1 errors found (a difference, for diff; a failed
            gate, test or step, for run), 2 unreadable input, a configuration error
            or a command line that cannot be used (an unknown option, a value out of
            range), 3 an infrastructure failure (run; serve and mock when their port
            is already in use).
            """,
        version: PipelineRunner.toolVersion,
        subcommands: [CheckCommand.self, FmtCommand.self, PlanCommand.self, ExplainCommand.self, DiffCommand.self, RunCommand.self, StatusCommand.self, RollbackCommand.self, KeysCommand.self, ServeCommand.self, MockCommand.self, LoadCommand.self, ScanCommand.self, HistoryCommand.self, StatsCommand.self, TestCommand.self, CICommand.self, CompletionsCommand.self, ReplCommand.self]
    )

    public init() {}

    /// ArgumentParser's own `main`, except that a command line it refuses (an unknown option, a
    /// value out of range, a failed `validate()`) exits 2 like every other input error, not with
    /// its default 64 (EX_USAGE): scripts and CI check one code for "you gave me bad input".
    public static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            exit(withError: ExitCode(ExitStatus.usageError))
        }
    }
}
