import ArgumentParser

/// `gwpipe diff OLD NEW`
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what a change does to routing, weights, limits, providers and the pipeline.",
        discussion: """
            OLD and NEW are files or git revisions: git:REF takes NEW's path at \
            REF, git:REF:path names it.

              gwpipe diff git:HEAD~1 gateway.gwpipe

            Compares the compiled plans, so reformatting or reordering shows no \
            difference.

            Exit status: 0 same meaning, 1 different, 2 unreadable input or errors.
            """
    )

    @Argument(help: "The old side: a file, git:REF or git:REF:path.")
    var old: String

    @Argument(help: "The new side: a file, git:REF or git:REF:path.")
    var new: String

    @Option(name: .long, help: "Compare only this environment.")
    var env: String?

    func run() throws {
        try CommandPrinter.emit(DiffAction(old: old, new: new, environment: env).run())
    }
}
