import ArgumentParser
import Foundation
import GWPlan
import GWProxy

/// `gwpipe mock --port N [--latency 20ms..80ms] [--errors 5%] [--stream]`
struct MockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock",
        abstract: "Run a mock OpenAI/Anthropic provider: well-formed JSON and SSE, with latency and errors on demand.",
        discussion: """
            Answers /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/models and \
            /v1/messages (Anthropic) on any path prefix, with token usage, streaming when the \
            request asks for it ("stream": true), latency drawn from a range, and a share of \
            errors (optionally only after some time, to script an incident).

              gwpipe mock --port 9001 --latency 20ms..80ms --errors 5% --errors-after 30s
            """
    )

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (0 picks a free one and prints it).")
    var port = 8000

    @Option(name: .long, help: "Latency, a duration or a range: 20ms..80ms.")
    var latency = "10ms..30ms"

    @Option(name: .long, help: "Share of requests answered with --error-status: 5%.")
    var errors = "0%"

    @Option(name: .long, help: "Start failing only this long after start-up: 20s.")
    var errorsAfter: String?

    @Option(name: .long, help: "The status of failed answers.")
    var errorStatus = 500

    @Option(name: .long, help: "Share of requests that never get an answer: 1%.")
    var hang = "0%"

    @Flag(name: .long, inversion: .prefixedNo, help: "Stream (SSE) when a request asks for it.")
    var stream = true

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, not \(port)") }
        guard (100...599).contains(errorStatus) else {
            throw ValidationError("--error-status must be an HTTP status between 100 and 599, not \(errorStatus)")
        }
    }

    func run() async throws {
        var errorsAfterMs: Double?
        if let errorsAfter { errorsAfterMs = try LiteralOption.milliseconds(errorsAfter, option: "errors-after")[0] }
        let behavior = MockBehavior(
            latencyMs: try LiteralOption.milliseconds(latency, option: "latency"), ttftMs: nil,
            errorPercent: try LiteralOption.percent(errors, option: "errors"), errorsAfterMs: errorsAfterMs,
            errorStatus: errorStatus, hangPercent: try LiteralOption.percent(hang, option: "hang"), stream: stream,
            tokens: [20, 200])
        let server = try await ListenFailure.reporting("the mock provider", host: host, port: port) {
            try await MockServer.start(host: host, port: port, behavior: behavior)
        }
        FileHandle.standardOutput.write(Data("mock provider listening on http://\(host):\(server.port ?? port)\n".utf8))
        await SignalWaiter.waitForTermination()
        try await server.stop()
    }
}
