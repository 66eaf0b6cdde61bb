import ArgumentParser

/// `gwpipe plan FILE --env E [-o FILE]`
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Compile a .gwpipe file into the plan of one environment (canonical JSON) and its revision id.",
        discussion: """
            The plan holds the environment's gateway revision (providers, keys as SHA-256 hashes, \
            flags, the compiled route table with predicates and weighted upstreams) and the \
            pipelines as step DAGs. It is deterministic: the same program gives the same bytes, \
            and the revision id (sha256 of the revision's canonical JSON) ignores declaration \
            order, comments and formatting. Secrets appear only as the names of their variables.

            With -o the plan is written to a file and the revision id printed; without it the \
            plan goes to standard output and the id to standard error.
            """
    )

    @Argument(help: "The .gwpipe file, or git:REF:path.")
    var file: String

    @Option(name: .long, help: "The environment to plan (may be left out when the file has one).")
    var env: String?

    @Option(name: .shortAndLong, help: "Write the plan JSON to this file and print the revision id.")
    var output: String?

    func run() throws {
        try CommandPrinter.emit(PlanAction(path: file, environment: env, outputPath: output, useColor: TerminalStyle.colorAllowed()).run())
    }
}
