import ArgumentParser

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
              gwpipe check examples/quickstart.gwpipe
              gwpipe fmt --check examples/*.gwpipe
              gwpipe explain examples/quickstart.gwpipe --route chat
              gwpipe plan examples/quickstart.gwpipe --env production -o plan.json
              gwpipe diff git:HEAD~1 examples/quickstart.gwpipe

            Exit status: 0 success, 1 errors found (or a difference, for diff),
            2 unreadable input.
            """,
        version: "0.1.0",
        subcommands: [CheckCommand.self, FmtCommand.self, PlanCommand.self, ExplainCommand.self, DiffCommand.self, RunCommand.self, StatusCommand.self, RollbackCommand.self, KeysCommand.self, ServeCommand.self, MockCommand.self, LoadCommand.self, ScanCommand.self, HistoryCommand.self, StatsCommand.self, TestCommand.self]
    )

    public init() {}
}
