import ArgumentParser
import Foundation

/// `gwpipe test SUITE (--target URL | --with-mocks FILE [--env E]) [--concurrency N]`
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run a contract test suite (YAML) against a gateway, or against one on mocks.",
        discussion: """
            A suite names its cases; each sends a request (method, path, headers, json or body; \
            `stream: true` asks for SSE) and says what the answer must be: status (200 or 2xx), \
            upstream and route (the x-gwpipe-* headers), headers, a JSON subset, body_contains, \
            latency_below and stream. ${NAME} in a request is read from the environment; values \
            never appear in the output.

            --target runs the suite against a running gateway. --with-mocks compiles a .gwpipe \
            file and serves the environment's revision on a free loopback port with every real \
            provider replaced by a mock (mock providers keep their behaviour), so no network or \
            API key is needed. Cases run concurrently. A case with `mocks: [NAME]` runs where the \
            program's fault `mock NAME { for = PROVIDER ... }` replaces that provider; against \
            --target it is skipped (listed, with why), since nothing can make a real provider fail.

            Exit status: 0 no case failed (skipped ones included), 1 some failed, 2 unusable input (a suite, URL or \
            file with errors, or neither or both of --target and --with-mocks).
            """
    )

    @Argument(help: "The suite file (YAML).")
    var suite: String

    @Option(name: .long, help: "Base URL of a running gateway: http://127.0.0.1:8080.")
    var target: String?

    @Option(name: .long, help: "A .gwpipe file to serve on mocks for the suite.")
    var withMocks: String?

    @Option(
        name: .long,
        help: "The environment of --with-mocks (may be left out when there is one, or all serve the same gateway).")
    var env: String?

    @Option(name: .long, help: "How many cases run at once.")
    var concurrency = 8

    func run() async throws {
        let action = TestAction(
            suitePath: suite, target: target, withMocks: withMocks, environment: env, concurrency: concurrency,
            useColor: TerminalStyle.colorAllowed(fileDescriptor: STDOUT_FILENO))
        try CommandPrinter.emit(await action.run())
    }
}
