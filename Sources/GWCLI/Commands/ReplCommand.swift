import ArgumentParser
import Foundation

/// `gwpipe repl [FILE] [--env E]`: a `ReplSession` fed from standard input.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Explore a .gwpipe program interactively: evaluate expressions, inspect the plan, simulate routing.",
        discussion: """
            Reads one command per line from standard input and answers each on standard output \
            (mistakes on standard error, one line each). Shows a `gwpipe> ` prompt only on a \
            terminal, so it also works piped:

              echo ':plan' | gwpipe repl examples/quickstart/gateway.gwpipe

            Commands:

            \(ReplSession.helpText)

            :route never sends anything: it looks the request up in the selected environment's \
            compiled route table (404 and 405 as the gateway answers them, 401 when the route \
            authenticates callers and no "team" of its keys is given), evaluates each arm's `when` \
            in order, and prints the chosen targets with their shares and the route's limits, \
            timeout, retries, fallback and breaker.

            Exit status: 0 at the end of input or after :quit.
            """
    )

    @Argument(help: "The .gwpipe file to load first (like :load FILE).")
    var file: String?

    @Option(name: .long, help: "Select this environment after loading (like :env NAME; default: the first declared).")
    var env: String?

    func run() throws {
        let session = ReplSession()
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        if let file { Self.print(session.load(file)) }
        if let env { Self.print(session.selectEnvironment(env)) }
        if interactive { Self.print(.output("gwpipe repl — :help lists commands, :quit or Ctrl-D leaves")) }
        while !session.isFinished {
            if interactive { Self.write("gwpipe> ", to: .standardOutput) }
            guard let line = readLine(strippingNewline: true) else {
                if interactive { Self.write("\n", to: .standardOutput) }
                break
            }
            Self.print(session.respond(line))
        }
    }

    private static func print(_ reply: ReplSession.Reply) {
        guard !reply.text.isEmpty else { return }
        write(reply.text + "\n", to: reply.isError ? .standardError : .standardOutput)
    }

    private static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
