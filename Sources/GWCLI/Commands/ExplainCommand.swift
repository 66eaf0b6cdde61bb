import ArgumentParser

/// `gwpipe explain FILE [--route R] [--env E]`
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Describe the plan in plain words: which request goes where and why, and the pipeline's stages.",
        discussion: "For each environment: providers, then each route's callers, limits, timeout, arms in order, retries, fallbacks and breaker."
    )

    @Argument(help: "The .gwpipe file, or git:REF:path.")
    var file: String

    @Option(name: .long, help: "Explain only this route.")
    var route: String?

    @Option(name: .long, help: "Explain only this environment.")
    var env: String?

    func run() throws {
        try CommandPrinter.emit(ExplainAction(path: file, route: route, environment: env).run())
    }
}
