import ArgumentParser
import Foundation
import GWProxy
import GWSema

/// `gwpipe load URL --rate R --duration D`: open-loop load at a fixed arrival rate, with latency
/// percentiles free of coordinated omission.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Send requests at a fixed rate (open loop) and report latency percentiles.",
        discussion: """
            Requests go out on schedule, R per second, whatever the server does: a slow answer \
            doesn't slow the sending, so stalls show in the numbers instead of hiding in a lower \
            rate. Latency is measured from each request's intended send time (waiting for a free \
            connection counts) and, for comparison, from the moment it was written. Connections \
            are keep-alive, opened as needed up to --concurrency and spread over the event loops.

            Without --body, sends a small chat completion (with "stream": true under --stream). \
            Without --duration, runs until Ctrl-C; Ctrl-C during a timed run stops it early. \
            Either way the report covers what was sent.

              gwpipe load http://127.0.0.1:8080/v1/chat/completions --rate 500 --duration 10s
              gwpipe load http://127.0.0.1:8080/v1/chat/completions --rate "50 rps" --duration 1m \\
                  --stream --header 'authorization: Bearer KEY' --json
            """
    )

    @Argument(help: "The URL to send to: http://HOST:PORT/PATH.")
    var url: String

    @Option(name: .long, help: "Requests per second: 50, 50 rps or 3000 rpm.")
    var rate: String

    @Option(name: .long, help: "How long to send: 10s, 1m. Leave out to run until Ctrl-C.")
    var duration: String?

    @Option(name: .long, help: "Most connections open at once.")
    var concurrency = 64

    @Flag(name: .long, help: "Ask for a streamed answer and report time to first byte.")
    var stream = false

    @Option(name: .long, help: "The request body: JSON text, or @FILE to read it from a file.")
    var body: String?

    @Option(name: .customLong("header"), help: "A request header, 'name: value' (repeatable).")
    var headers: [String] = []

    @Option(name: .long, help: "The HTTP method.")
    var method = "POST"

    @Option(name: .long, help: "Give up on a request that has no full answer this long after it was written.")
    var timeout = "30s"

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        _ = try makeGenerator()
    }

    func run() async throws {
        let generator = try makeGenerator()
        let showProgress = !json && isatty(STDERR_FILENO) == 1
        let runTask = Task {
            try await generator.run { report in
                guard showProgress else { return }
                let line = String(
                    format: "\r%5.1fs  sent %d  done %d  errors %d  p99 %.3f ms   ", report.elapsedSeconds, report.sent,
                    report.completed, report.errorCount, report.latency.p99Ms)
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
        // Ctrl-C ends the run early; the report still covers what was sent.
        let signals = Task {
            await SignalWaiter.waitForTermination()
            runTask.cancel()
        }
        let report = try await runTask.value
        signals.cancel()
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(report) + Data("\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(report.text.utf8))
        }
    }

    /// Reads every option; a mistake is a `ValidationError`, so it is reported with the usage.
    private func makeGenerator() throws -> LoadGenerator {
        do {
            return try LoadGenerator(configuration: try makeConfiguration())
        } catch let error as LoadConfigurationError {
            throw ValidationError(error.message)
        }
    }

    private func makeConfiguration() throws -> LoadConfiguration {
        let target = try LoadTarget(url: url)
        var parsedHeaders: [(name: String, value: String)] = []
        for header in headers {
            guard let colon = header.firstIndex(of: ":") else {
                throw ValidationError("--header '\(header)' is not 'name: value'")
            }
            parsedHeaders.append(
                (
                    String(header[..<colon]).trimmingCharacters(in: .whitespaces),
                    String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                ))
        }
        let upperMethod = method.uppercased()
        return LoadConfiguration(
            target: target, method: upperMethod, headers: parsedHeaders,
            body: try requestBody(method: upperMethod), rate: try requestsPerSecond(),
            duration: try duration.map { try Self.duration($0, option: "duration") },
            concurrency: concurrency, requestTimeout: try Self.duration(timeout, option: "timeout"),
            measuresFirstByte: stream)
    }

    /// `50`, `50 rps`, `3000 rpm`, `600 requests / 1m`: a bare number is per second.
    private func requestsPerSecond() throws -> Double {
        if let plain = Double(rate.trimmingCharacters(in: .whitespaces)) { return plain }
        let expected = ValidationError(
            "--rate expects requests per second such as 50, 50 rps or 3000 rpm; found '\(rate)'")
        guard case .rate(let perSecond, _) = try? LiteralOption.value(rate, option: "rate", expecting: .rate) else {
            throw expected
        }
        return perSecond
    }

    private static func duration(_ text: String, option: String) throws -> Duration {
        let milliseconds = try LiteralOption.milliseconds(text, option: option)
        guard milliseconds[0] == milliseconds[1] else {
            throw ValidationError("--\(option) expects one duration such as 10s, not a range")
        }
        return .nanoseconds(Int64(milliseconds[0] * 1_000_000))
    }

    private func requestBody(method: String) throws -> [UInt8] {
        guard let body else {
            return ["GET", "HEAD", "DELETE", "OPTIONS"].contains(method)
                ? [] : LoadConfiguration.chatBody(stream: stream)
        }
        guard body.hasPrefix("@") else { return Array(body.utf8) }
        let path = String(body.dropFirst())
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("--body \(body): cannot read the file '\(path)'")
        }
        return Array(data)
    }
}
