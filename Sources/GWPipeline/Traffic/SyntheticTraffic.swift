import Foundation
import GWPlan
import GWProxy
import NIOConcurrencyHelpers

/// `traffic = synthetic N rps`: an open-loop load through an environment's gateway while a rollout
/// runs, so embedded demos have traffic for their gates. Requests rotate over `callers` keys (the
/// embedded gateway admits them as team `synthetic`), so a sticky canary split sees its share.
final class SyntheticTraffic: Sendable {
    /// How many keys the load rotates through.
    static let callers = 1024

    private let generator: LoadGenerator
    private let task: Task<LoadReport?, Never>

    private init(generator: LoadGenerator, task: Task<LoadReport?, Never>) {
        self.generator = generator
        self.task = task
    }

    /// Starts sending `rate` requests per second (wall clock) to the environment's busiest kind of route.
    static func start(_ handle: EnvironmentHandle, rate: Double) throws -> SyntheticTraffic {
        guard let base = handle.dataURL else {
            throw PipelineError(.configuration, "environment \(handle.name) has no listen address to send synthetic traffic to")
        }
        let (path, body) = request(for: handle.plan.revision)
        var configuration = LoadConfiguration(
            target: try LoadTarget(url: base + path), body: body, rate: rate, duration: nil, concurrency: 64,
            requestTimeout: .seconds(30), drainTimeout: .seconds(5))
        configuration.rotatingBearerKeys = handle.syntheticKeys
        let generator = try LoadGenerator(configuration: configuration)
        let task = Task { try? await generator.run() }
        return SyntheticTraffic(generator: generator, task: task)
    }

    /// Stops sending and returns what the load saw (requests, statuses, failures without an answer).
    func stop() async -> LoadReport? {
        generator.stop()
        return await task.value
    }

    /// The route synthetic traffic exercises: chat completions when there is such a route (what an
    /// AI gateway sees most), else Anthropic messages, completions, embeddings, or the first POST route.
    static func request(for revision: GatewayRevision) -> (path: String, body: [UInt8]) {
        let posts = revision.routes.values.filter { $0.method == "POST" }.map(\.path).sorted()
        let preferred = ["/v1/chat/completions", "/v1/messages", "/v1/completions", "/v1/embeddings"]
        let path = preferred.first(where: posts.contains) ?? posts.first ?? "/v1/chat/completions"
        let body: String
        switch path {
        case "/v1/messages":
            body = #"{"model":"claude-3-5-haiku","max_tokens":64,"messages":[{"role":"user","content":"Say hello."}]}"#
        case "/v1/completions":
            body = #"{"model":"gpt-4o-mini","prompt":"Say hello."}"#
        case "/v1/embeddings":
            body = #"{"model":"text-embedding-3-small","input":"hello"}"#
        default:
            return (path, LoadConfiguration.chatBody(stream: false))
        }
        return (path, Array(body.utf8))
    }
}
