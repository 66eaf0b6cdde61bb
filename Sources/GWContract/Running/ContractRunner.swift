import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Runs a suite's cases against a gateway, concurrently (bounded), over one shared HTTP client,
/// and reports each case's result in file order. Nothing a gateway does (refusing connections,
/// hanging, answering garbage) throws: it fails the case with a message saying what happened.
public struct ContractRunner: Sendable {
    /// How many cases are in flight at once (at least 1).
    public var concurrency: Int
    /// How long one case may take, from sending its request to the answer's last byte.
    public var requestTimeout: Duration
    /// Where `${NAME}` in requests is looked up.
    public var environment: [String: String]
    /// Answers larger than this fail their case instead of filling memory.
    public var maxBodyBytes: Int

    public init(
        concurrency: Int = 8, requestTimeout: Duration = .seconds(30),
        environment: [String: String] = ProcessInfo.processInfo.environment, maxBodyBytes: Int = 16 * 1024 * 1024
    ) {
        self.concurrency = concurrency
        self.requestTimeout = requestTimeout
        self.environment = environment
        self.maxBodyBytes = maxBodyBytes
    }

    /// Runs every case of `suite` against `target`. A case that injects faults (`mocks:`) is
    /// skipped: only a mocked gateway can inject them (the ``MockedGateways`` variant below).
    public func run(_ suite: TestSuite, against target: ContractTarget) async -> SuiteResult {
        await run(suite) { $0.mocks.isEmpty ? target : nil }
    }

    /// Runs every case of `suite` against the mocked gateway it needs: its faults' one, or the plain one.
    public func run(_ suite: TestSuite, against gateways: MockedGateways) async -> SuiteResult {
        await run(suite) { gateways.target(for: $0) }
    }

    /// Runs every case of `suite` against the target `targets` picks for it (nil: the case cannot run).
    private func run(_ suite: TestSuite, targets: @escaping @Sendable (TestCase) -> ContractTarget?) async -> SuiteResult {
        let started = ContinuousClock.now
        let width = max(1, concurrency)
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, width))
        // A gateway that refuses connections is down: fail its cases now, not after the request
        // timeout that the pool's connection retries would otherwise wait out.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .seconds(10))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)

        var results = [CaseResult?](repeating: nil, count: suite.cases.count)
        await withTaskGroup(of: (Int, CaseResult).self) { group in
            var next = 0
            func startNext() {
                guard next < suite.cases.count else { return }
                let index = next
                let testCase = suite.cases[index]
                group.addTask { (index, await self.run(testCase, client: client, target: targets(testCase))) }
                next += 1
            }
            for _ in 0..<min(width, suite.cases.count) { startNext() }
            for await (index, result) in group {
                results[index] = result
                startNext()
            }
        }
        // Every request has finished, so shutting down only closes idle connections; a failure here
        // cannot change any case's outcome.
        try? await client.shutdown()
        return SuiteResult(
            name: suite.name, file: suite.file, cases: results.compactMap { $0 },
            durationMs: Self.milliseconds(ContinuousClock.now - started))
    }

    /// Checks `baseURL`, then runs every case of `suite` against it.
    public func run(_ suite: TestSuite, baseURL: String) async throws(ContractTargetError) -> SuiteResult {
        await run(suite, against: try ContractTarget(baseURL: baseURL))
    }

    // MARK: One case

    private func run(_ testCase: TestCase, client: HTTPClient, target: ContractTarget?) async -> CaseResult {
        var substitution = EnvironmentSubstitution(environment: environment)
        let request = substitution.apply(testCase.request)
        let redaction = Redaction(Self.secrets(of: request, substituted: substitution.substitutedValues))
        func result(_ failures: [String], durationMs: Double, status: Int?, skipped: String? = nil) -> CaseResult {
            CaseResult(
                name: testCase.name, location: testCase.location, failures: failures.map(redaction.apply),
                durationMs: durationMs, statusCode: status, skipped: skipped)
        }
        guard let target else {
            // One suite serves both ways: its fault cases run on mocks, and are skipped against a
            // real gateway, where nothing can make a provider fail on purpose.
            return result(
                [], durationMs: 0, status: nil,
                skipped: "injects \(testCase.mocks.joined(separator: ", ")), which only a gateway on mocks can (gwpipe test --with-mocks FILE)")
        }
        guard substitution.unsetNames.isEmpty else {
            return result(
                substitution.unsetNames.map { "environment variable \($0) is not set" }, durationMs: 0, status: nil)
        }

        var outgoing = HTTPClientRequest(url: target.baseURL + request.path)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        switch request.body {
        case .none: break
        case .text(let text): outgoing.body = .bytes(ByteBuffer(string: text))
        case .json(let value):
            if !outgoing.headers.contains(name: "content-type") {
                outgoing.headers.add(name: "content-type", value: "application/json")
            }
            outgoing.body = .bytes(ByteBuffer(string: value.jsonText))
        }

        let started = ContinuousClock.now
        let response: ReceivedResponse
        do {
            let answer = try await client.execute(outgoing, timeout: Self.timeAmount(requestTimeout))
            let body = try await answer.body.collect(upTo: maxBodyBytes)
            response = ReceivedResponse(
                status: Int(answer.status.code),
                headers: answer.headers.map { (name: $0.name.lowercased(), value: $0.value) },
                body: Array(body.readableBytesView), elapsedMs: Self.milliseconds(ContinuousClock.now - started))
        } catch {
            let elapsed = Self.milliseconds(ContinuousClock.now - started)
            return result([describe(error, target: target, elapsedMs: elapsed)], durationMs: elapsed, status: nil)
        }
        let check = ExpectationCheck(expectation: testCase.expectation, path: request.path)
        return result(check.failures(for: response), durationMs: response.elapsedMs, status: response.status)
    }

    /// A transport failure in words: what happened and, when it matters, how long it took.
    private func describe(_ error: any Error, target: ContractTarget, elapsedMs: Double) -> String {
        let took = DurationText.format(milliseconds: elapsedMs)
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .deadlineExceeded, .readTimeout:
                let limit = DurationText.format(milliseconds: Self.milliseconds(requestTimeout))
                return "no complete answer within \(limit) (the request timeout)"
            case .connectTimeout:
                return "could not connect to \(target) (connect timed out after \(took))"
            case .remoteConnectionClosed:
                return "the gateway at \(target) closed the connection before answering completely"
            default:
                break
            }
        }
        if error is NIOTooManyBytesError {
            return "the answer is larger than \(maxBodyBytes / (1024 * 1024)) MB"
        }
        let text = "\(error)"
        if text.contains("refused") || text.contains("ECONNREFUSED") {
            return "could not connect to \(target): connection refused (is the gateway running?)"
        }
        return "the request failed after \(took): \(text)"
    }

    /// Values to scrub from messages: substituted values, and the request's header values with
    /// their words (so `sk-...` is masked even when an answer echoes it without `Bearer `).
    private static func secrets(of request: TestRequest, substituted: Set<String>) -> [String] {
        var secrets = Array(substituted)
        for header in request.headers {
            secrets.append(header.value)
            secrets += header.value.split(separator: " ").map(String.init).filter { $0.count >= 8 }
        }
        return secrets
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(Int64(min(milliseconds(duration) * 1_000_000, Double(Int64.max / 2))))
    }
}
