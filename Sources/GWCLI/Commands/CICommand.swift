import ArgumentParser
import Foundation

/// `gwpipe ci init FILE --github`
struct CICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ci",
        abstract: "Set up continuous delivery with gwpipe.",
        subcommands: [Init.self]
    )

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write a GitHub Actions workflow that checks pull requests and runs the pipeline on pushes.",
            discussion: """
                Pull requests: `gwpipe check` and `gwpipe scan` as annotations, and `gwpipe diff` \
                against the base branch. Pushes to the release branch: `gwpipe run` with the JUnit, \
                SARIF, events and HTML reports kept as artifacts, the SARIF log uploaded to code \
                scanning, the state store (.gwpipe) carried between runs by the cache, and one release \
                of a branch at a time. Each secret the program reads is passed from a repository \
                secret of the same name. The YAML is written with libyaml.

                By default gwpipe is built from source in the workflow, from the git URL in the \
                repository variable GWPIPE_REPOSITORY; --install replaces that step's commands.
                """
        )

        @Argument(help: "The .gwpipe file, relative to the repository root.")
        var file: String

        @Flag(name: .long, help: "Write a GitHub Actions workflow (the only kind there is so far).")
        var github = false

        @Option(name: [.short, .long], help: "Where to write it.")
        var output = ".github/workflows/gwpipe.yml"

        @Option(name: .long, help: "The branch whose pushes release.")
        var branch = "main"

        @Option(name: .long, help: "The pipeline to run (may be left out when the file has one).")
        var pipeline: String?

        @Option(name: .long, help: "Shell commands that put gwpipe on PATH, instead of building it from source.")
        var install: String?

        @Flag(name: .long, help: "Replace an existing workflow file.")
        var force = false

        func run() throws {
            let action = CIInitAction(
                file: file, output: output, branch: branch, pipeline: pipeline, install: install, force: force,
                environmentVariables: ProcessInfo.processInfo.environment)
            try CommandPrinter.emit(action.run())
        }
    }
}
